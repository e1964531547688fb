// Signs zerohash deliveries exactly as the provider does; used by tests, e2e and the benchmark.
import { createHmac } from "node:crypto";

export function zerohashHeaders(opts: { body: string; secret: string; payloadType: string; notificationId: string; timestampMs?: number }) {
  const ts = String(opts.timestampMs ?? Date.now());
  const sig = createHmac("sha256", opts.secret).update(opts.body + ts).digest("hex");
  return {
    "content-type": "application/json",
    "x-zh-hook-payload-type": opts.payloadType,
    "x-zh-hook-notification-id": opts.notificationId,
    "x-zh-hook-timestamp": ts,
    "x-zh-hook-signature": sig,
  };
}

/** Signs a PipAI delivery exactly as the provider does (spec §2). */
export function pipaiHeaders(opts: {
  body: string;
  secret: string;
  webhookId?: string;
  timestampMs?: number;
  deliveryId?: string;
  attempt?: number;
  /** defaults to the body's own id/type */
  eventId?: string;
  eventType?: string;
}) {
  const ts = String(opts.timestampMs ?? Date.now());
  const parsed = JSON.parse(opts.body) as { id?: string; type?: string };
  const sig = createHmac("sha256", opts.secret).update(`${ts}.${opts.body}`).digest("hex");
  return {
    "content-type": "application/json",
    "x-pipai-event-id": opts.eventId ?? String(parsed.id ?? ""),
    "x-pipai-event-type": opts.eventType ?? String(parsed.type ?? ""),
    "x-pipai-webhook-id": opts.webhookId ?? "wh_2a4f10",
    "x-pipai-delivery-id": opts.deliveryId ?? `dlv_${String(parsed.id ?? "").slice(4)}`,
    "x-pipai-delivery-attempt": String(opts.attempt ?? 1),
    "x-pipai-timestamp": ts,
    "x-pipai-signature": sig,
  };
}
