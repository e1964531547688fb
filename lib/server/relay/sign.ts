// Standard Webhooks signing (https://www.standardwebhooks.com): pure, no I/O.
import { createHmac, randomBytes } from "node:crypto";

export const SECRET_PREFIX = "whsec_";

export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

function keyOf(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error("signing secret must start with whsec_");
  return Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
}

/** `v1,<sig>` for each secret, space-separated: receivers accept any one that matches. */
export function signatureHeader(secrets: string[], id: string, timestampSec: number, body: string): string {
  return secrets
    .map((s) => "v1," + createHmac("sha256", keyOf(s)).update(`${id}.${timestampSec}.${body}`).digest("base64"))
    .join(" ");
}

export function signedHeaders(secrets: string[], id: string, nowMs: number, body: string): Record<string, string> {
  const ts = Math.floor(nowMs / 1000);
  return {
    "content-type": "application/json",
    "user-agent": "Hookscope-Relay/1",
    "webhook-id": id,
    "webhook-timestamp": String(ts),
    "webhook-signature": signatureHeader(secrets, id, ts, body),
  };
}

/** The form stored in attempt rows and shown in the console: never a whole signature. */
export function redactSignature(header: string): string {
  return header
    .split(" ")
    .map((s) => (s.length > 12 ? `${s.slice(0, 9)}…` : s))
    .join(" ");
}

/** `whsec_abcd…wxyz` for display. */
export function maskSecret(secret: string): string {
  return `${secret.slice(0, 10)}${"•".repeat(12)}${secret.slice(-4)}`;
}
