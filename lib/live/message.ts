// The live stream's wire format, shared by the server (lib/live/stream.ts) and the browser hook.
import { z } from "zod";

export const liveMessageSchema = z.object({
  /** the Change row's UUIDv7: the SSE id and the reconnect cursor */
  id: z.string(),
  kind: z.enum(["event", "inbound", "delivery", "anomaly"]),
  entity: z.string().nullable(),
  entity_id: z.string().nullable(),
  operation_id: z.string().nullable(),
  strategy_id: z.string().nullable(),
  status: z.string().nullable(),
  ref: z.string().nullable(),
  at: z.string(),
});
export type LiveMessage = z.infer<typeof liveMessageSchema>;

/** A Last-Event-ID / `after` cursor: a lowercase UUID, nothing else. */
export const CURSOR_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
