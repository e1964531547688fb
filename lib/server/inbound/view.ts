import type { InboundRequest } from "@/lib/schemas/inbound";

/** The fields an inbound-log row shows in the list and in the detail alike. */
export function inboundSummary(r: {
  id: string;
  provider: string;
  payloadType: string | null;
  externalId: string | null;
  deliveryId: string | null;
  deliveryAttempt: number | null;
  receivedAt: Date;
  outcome: string;
  httpStatus: number;
  reason: string | null;
  bodyEncoding: string;
  bodyLength: number | null;
  eventId: string | null;
}): InboundRequest {
  return {
    id: r.id,
    provider: r.provider,
    payload_type: r.payloadType,
    notification_id: r.externalId,
    delivery_id: r.deliveryId,
    delivery_attempt: r.deliveryAttempt,
    received_at: r.receivedAt.toISOString(),
    outcome: r.outcome,
    http_status: r.httpStatus,
    reason: r.reason,
    event_id: r.eventId,
    body_encoding: r.bodyEncoding === "base64" ? "base64" : "utf8",
    /** bytes received; null for rows stored before lengths were recorded, or bodies never read */
    body_length: r.bodyLength,
  };
}
