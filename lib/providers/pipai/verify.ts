/**
 * PipAI webhook signature verification (spec: providers.md §2).
 * Pure: node:crypto only, never throws on hostile input, never puts a secret or a signature
 * value into a reason.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { PipaiSecrets } from "@/lib/env";

export const PIPAI_HEADER_EVENT_ID = "x-pipai-event-id";
export const PIPAI_HEADER_EVENT_TYPE = "x-pipai-event-type";
export const PIPAI_HEADER_WEBHOOK_ID = "x-pipai-webhook-id";
export const PIPAI_HEADER_DELIVERY_ID = "x-pipai-delivery-id";
export const PIPAI_HEADER_DELIVERY_ATTEMPT = "x-pipai-delivery-attempt";
export const PIPAI_HEADER_TIMESTAMP = "x-pipai-timestamp";
export const PIPAI_HEADER_SIGNATURE = "x-pipai-signature";

export type PipaiVerifyConfig = { secrets: PipaiSecrets; toleranceSeconds: number };
export type PipaiVerifyResult = { ok: true } | { ok: false; reason: string };

/** The one place the signed-payload formula lives: `"{timestamp}.{raw_body}"`. */
export function pipaiSignedPayload(rawBody: Buffer, timestamp: string): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}.`, "utf8"), rawBody]);
}

export function signPipai(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const body = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody;
  return createHmac("sha256", secret).update(pipaiSignedPayload(body, timestamp)).digest("hex");
}

const HEX64 = /^[0-9a-fA-F]{64}$/;

function header(headers: Headers, name: string): string | undefined {
  const v = headers.get(name)?.trim();
  return v ? v : undefined;
}

/** Secrets that may sign for this subscription: its own, plus the bare ones. Null = unknown subscription. */
export function secretsFor(secrets: PipaiSecrets, webhookId: string | undefined): string[] | null {
  const own = webhookId !== undefined && Object.hasOwn(secrets.bySubscription, webhookId) ? (secrets.bySubscription[webhookId] ?? []) : [];
  const all = [...own, ...secrets.any].filter((s) => s.length > 0);
  return all.length > 0 ? all : null;
}

export function verifyPipai(rawBody: Buffer, headers: Headers, cfg: PipaiVerifyConfig, nowMs: number): PipaiVerifyResult {
  const configured = cfg.secrets.any.length > 0 || Object.keys(cfg.secrets.bySubscription).length > 0;
  if (!configured) return { ok: false, reason: "no PipAI webhook secret configured" };

  const webhookId = header(headers, PIPAI_HEADER_WEBHOOK_ID);
  const candidates = secretsFor(cfg.secrets, webhookId);
  if (!candidates) {
    return {
      ok: false,
      reason: webhookId === undefined ? `missing ${PIPAI_HEADER_WEBHOOK_ID}` : `unknown subscription ${JSON.stringify(webhookId.slice(0, 64))}`,
    };
  }

  const sig = header(headers, PIPAI_HEADER_SIGNATURE);
  if (sig === undefined) return { ok: false, reason: "missing signature header" };
  const ts = header(headers, PIPAI_HEADER_TIMESTAMP);
  if (ts === undefined) return { ok: false, reason: `missing ${PIPAI_HEADER_TIMESTAMP}` };
  if (!/^\d{1,16}$/.test(ts) || !Number.isSafeInteger(Number(ts))) return { ok: false, reason: `invalid ${PIPAI_HEADER_TIMESTAMP}` };
  const tol = Number.isFinite(cfg.toleranceSeconds) && cfg.toleranceSeconds >= 0 ? cfg.toleranceSeconds : 300;
  if (Math.abs(nowMs - Number(ts)) > tol * 1000) return { ok: false, reason: `timestamp outside the ±${tol}s window` };

  if (!HEX64.test(sig)) return { ok: false, reason: "invalid signature" };
  const given = Buffer.from(sig, "hex");
  const data = pipaiSignedPayload(rawBody, ts);
  let matched = false;
  // Every candidate is checked (no early exit) so timing does not tell which secret matched.
  for (const secret of candidates) {
    const expected = createHmac("sha256", secret).update(data).digest();
    if (timingSafeEqual(expected, given)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: "invalid signature" };
}
