// Isomorphic wire schema of the events explorer (GET /api/console/events) and the events a strategy page lists.
import { z } from "zod";
import { nextRetrySchema, providerDeliverySchema } from "./lifecycle";
import { pageOf } from "./page";

export const consoleEventSchema = z.strictObject({
  id: z.string(),
  provider: z.string(),
  type: z.string(),
  external_id: z.string(),
  subject_type: z.string().nullable(),
  subject_id: z.string().nullable(),
  strategy_id: z.string().nullable(),
  operation_id: z.string().nullable(),
  status: z.string().nullable(),
  status_reason: z.string().nullable(),
  event_time: z.string().nullable(),
  received_at: z.string(),
  payload: z.string(),
  /** the provider's attempts at sending this event (inbound requests) */
  deliveries: z.array(providerDeliverySchema),
  next_retry: nextRetrySchema.nullable(),
  /** the relay's delivery onward, when one was enqueued */
  relay_delivery: z.strictObject({ id: z.string(), status: z.string() }).nullable(),
});
export type ConsoleEvent = z.infer<typeof consoleEventSchema>;
export const eventsPageSchema = pageOf(consoleEventSchema);
