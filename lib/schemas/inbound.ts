// Isomorphic wire schemas of the inbound log (GET /api/console/inbound[/{id}]).
import { z } from "zod";
import { pageOf } from "./page";

export const inboundRequestSchema = z.strictObject({
  id: z.string(),
  provider: z.string(),
  payload_type: z.string().nullable(),
  notification_id: z.string().nullable(),
  /** PipAI: X-PipAI-Delivery-Id / X-PipAI-Delivery-Attempt (null for zerohash) */
  delivery_id: z.string().nullable(),
  delivery_attempt: z.number().int().nullable(),
  received_at: z.string(),
  outcome: z.string(),
  http_status: z.number().int(),
  reason: z.string().nullable(),
  /** the event this request stored (accepted), or the one it repeated (duplicate) */
  event_id: z.string().nullable(),
  body_encoding: z.enum(["utf8", "base64"]),
  /** bytes received (null: not recorded, or the body was never read) */
  body_length: z.number().int().nullable(),
});
export type InboundRequest = z.infer<typeof inboundRequestSchema>;
export const inboundPageSchema = pageOf(inboundRequestSchema);

/** A row with its headers and body (list rows carry neither). */
export const inboundDetailSchema = inboundRequestSchema.extend({
  headers: z.record(z.string(), z.string()),
  raw_body: z.string(),
  body_sha256: z.string().nullable(),
  /** only the first 8 KiB of a rejected body is kept */
  body_truncated: z.boolean(),
});
export type InboundRequestDetail = z.infer<typeof inboundDetailSchema>;
