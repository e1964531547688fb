// POST /api/webhooks/test: one signed `webhook.test` now, recorded in the log as a test
// delivery with its single attempt. Not retried, and sent even while the destination is paused
// (a test is how an operator checks a receiver before resuming).
import { randomUUID } from "node:crypto";
import { getDb, type Db } from "@/lib/db";
import { getDestination } from "./destination";
import { egressFetch } from "./egress";
import { relayBody } from "./outbox";
import { signingSecrets } from "./secrets";
import { postJson, SEND_TIMEOUT_MS, type FetchLike } from "./send";
import { redactSignature, signedHeaders } from "./sign";
import type { TestSendResponse } from "@/lib/schemas/settings";

export type TestSendResult =
  | { kind: "no_callback" }
  | { kind: "sent"; delivery_id: string; callback_url: string; status_code: number | null; response_time_ms: number; error: string | null };

export async function sendTestWebhook(opts: { db?: Db; clock?: () => number; fetch?: FetchLike; timeoutMs?: number } = {}): Promise<TestSendResult> {
  const clock = opts.clock ?? Date.now;
  const db = opts.db ?? (await getDb());
  const dest = await getDestination(db);
  if (!dest.callbackUrl) return { kind: "no_callback" };
  const url = dest.callbackUrl;
  const createdAt = new Date(clock());
  const webhookId = `test_${randomUUID()}`;
  const data = JSON.stringify({ message: "Test webhook from Hookscope", description: dest.description || null });
  const payload = relayBody({ id: webhookId, type: "webhook.test", source: "hookscope", createdAt, rawPayload: data });
  const secrets = await signingSecrets(db, createdAt);
  const headers = signedHeaders(secrets, webhookId, createdAt.getTime(), payload);
  const res = await postJson(opts.fetch ?? egressFetch, url, headers, payload, opts.timeoutMs ?? SEND_TIMEOUT_MS);
  const ok = res.status !== null && res.status >= 200 && res.status < 300;
  const doneAt = new Date(clock());
  const deliveryId = await db.$transaction(async (tx) => {
    const d = await tx.delivery.create({
      data: {
        webhookId,
        eventType: "webhook.test",
        source: "hookscope",
        isTest: true,
        payload,
        status: ok ? "delivered" : "failed",
        attempts: 1,
        scheduleAttempts: ok ? 0 : 1,
        lastError: res.error,
        responseStatus: res.status,
        callbackUrl: url,
        failedReason: ok ? null : "Test webhook (not retried)",
        createdAt,
        deliveredAt: ok ? doneAt : null,
      },
      select: { id: true },
    });
    await tx.deliveryAttempt.create({
      data: {
        deliveryId: d.id,
        number: 1,
        startedAt: createdAt,
        durationMs: res.durationMs,
        url,
        requestHeaders: JSON.stringify({ ...headers, "webhook-signature": redactSignature(headers["webhook-signature"]!) }),
        requestBody: payload,
        responseStatus: res.status,
        responseHeaders: res.headers ? JSON.stringify(res.headers) : null,
        responseBody: res.body,
        error: res.error,
        outcome: ok ? "delivered" : "failed",
      },
    });
    return d.id;
  });
  return { kind: "sent", delivery_id: deliveryId, callback_url: url, status_code: res.status, response_time_ms: res.durationMs, error: res.error };
}

/** The spec §3 body: success only for a 2xx; the status code whenever the receiver answered. */
export function testSendBody(r: Extract<TestSendResult, { kind: "sent" }>): TestSendResponse {
  if (r.status_code !== null && r.error === null) {
    return { success: true, callback_url: r.callback_url, status_code: r.status_code, response_time_ms: r.response_time_ms, delivery_id: r.delivery_id };
  }
  return {
    success: false,
    callback_url: r.callback_url,
    ...(r.status_code !== null ? { status_code: r.status_code } : {}),
    error: r.error ?? "request failed",
    response_time_ms: r.response_time_ms,
    delivery_id: r.delivery_id,
  };
}
