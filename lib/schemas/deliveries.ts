// Isomorphic wire schemas of the console's deliveries API (GET /api/console/deliveries[/{id}|/counts]
// and the retries). The spec §3 delivery log (GET /api/webhooks) keeps its own exact shape.
import { z } from "zod";
import { pageOf } from "./page";
import { CONSOLE_DELIVERY_STATUSES, DELIVERY_STATUSES } from "./relay";

/** What a delivery belongs to, for the link on its row and its page. */
export const deliverySubjectSchema = z.strictObject({ kind: z.enum(["operation", "execution", "trader", "strategy"]), id: z.string() });
export type DeliverySubject = z.infer<typeof deliverySubjectSchema>;

/** A delivery as the spec §3 relay API (GET /api/webhooks) lists it. */
export const webhookEventSchema = z.strictObject({
  id: z.string(),
  event_type: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  response_status: z.number().int().nullable(),
  callback_url: z.string().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
});

export const deliverySummarySchema = webhookEventSchema.extend({
  /** pending split in two: "failing" has failed attempts in its current schedule (lib/schemas/relay.ts) */
  console_status: z.enum(CONSOLE_DELIVERY_STATUSES),
  /** failed attempts since the current schedule started (a manual retry of a failed one restarts it) */
  schedule_attempts: z.number().int(),
  max_attempts: z.number().int(),
  subject: deliverySubjectSchema.nullable(),
  webhook_id: z.string(),
  source: z.string(),
  is_test: z.boolean(),
  event_id: z.string().nullable(),
  operation_id: z.string().nullable(),
  strategy_id: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
  failed_reason: z.string().nullable(),
});
export type DeliverySummary = z.infer<typeof deliverySummarySchema>;
export const deliveriesPageSchema = pageOf(deliverySummarySchema);

export const DELIVERY_ATTEMPT_OUTCOMES = ["delivered", "retry", "failed"] as const;
export const deliveryAttemptSchema = z.strictObject({
  number: z.number().int(),
  started_at: z.string(),
  duration_ms: z.number().int(),
  url: z.string(),
  request_headers: z.record(z.string(), z.string()),
  request_body: z.string(),
  response_status: z.number().int().nullable(),
  response_headers: z.record(z.string(), z.string()).nullable(),
  response_body: z.string().nullable(),
  error: z.string().nullable(),
  outcome: z.enum(DELIVERY_ATTEMPT_OUTCOMES),
  next_attempt_at: z.string().nullable(),
});
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;

export const deliveryDetailSchema = z.strictObject({
  delivery: deliverySummarySchema.extend({ payload: z.string() }),
  attempts: z.array(deliveryAttemptSchema),
  event: z
    .strictObject({
      id: z.string(),
      provider: z.string(),
      external_id: z.string(),
      type: z.string(),
      subject_type: z.string().nullable(),
      subject_id: z.string().nullable(),
      received_at: z.string(),
    })
    .nullable(),
  entity: z.strictObject({ kind: z.enum(["operation", "strategy"]), id: z.string() }).nullable(),
  subject: deliverySubjectSchema.nullable(),
});
export type DeliveryDetail = z.infer<typeof deliveryDetailSchema>;

const count = z.number().int();
export const deliveryCountsSchema = z.strictObject({
  counts: z.strictObject({ all: count, failing: count, pending: count, delivered: count, failed: count }),
  /** some count stopped at `cap`; `all` is then a lower bound */
  capped: z.boolean(),
  cap: count,
});
export type DeliveryCounts = z.infer<typeof deliveryCountsSchema>;

/** POST /api/console/deliveries/{id}/retry (relay envelope) */
export const retryOneSchema = z.strictObject({ success: z.literal(true), delivery: deliverySummarySchema });
/** POST /api/console/deliveries/retry: `matching` for a dry run, else `retried` */
export const retryMatchingSchema = z.strictObject({ success: z.literal(true), matching: count });
export const retriedSchema = z.strictObject({ success: z.literal(true), retried: count });
export const retryBulkSchema = z.union([retryMatchingSchema, retriedSchema]);
