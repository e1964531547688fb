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
