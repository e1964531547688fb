// Pure retry policy: when the next attempt is due after an answer, and when to give up.

/** Delay before attempt n+1 after the n-th failure of a schedule (attempt 1 is immediate). */
export const RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000, 1_800_000, 7_200_000, 21_600_000, 86_400_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** A receiver's Retry-After is honoured up to this long (the schedule's own longest delay). */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * Retry-After as delta-seconds or an HTTP date, in milliseconds from `nowMs`; null when absent or
 * unreadable. Negative (a date in the past) becomes 0; values are capped at MAX_RETRY_AFTER_MS.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  const v = value?.trim();
  if (!v) return null;
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    // an HTTP date always names a weekday or month; a bare number with a sign or decimals is not one
    if (!/[a-z]/i.test(v)) return null;
    const at = Date.parse(v);
    if (Number.isNaN(at)) return null;
    ms = at - nowMs;
  }
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

export type AttemptResult =
  | { kind: "response"; status: number; retryAfter: string | null }
  | { kind: "transport"; error: string };

export type Decision =
  | { outcome: "delivered" }
  | { outcome: "retry"; delayMs: number }
  | { outcome: "failed"; reason: string };

/**
 * What to do after the `failuresSoFar + 1`-th attempt of the current schedule answered `r`.
 * 2xx delivers; 410 stops at once; 429/503 wait for Retry-After when given (but never less than
 * the schedule); everything else (3xx, 4xx, 5xx, transport errors) follows the schedule.
 */
export function decide(r: AttemptResult, failuresSoFar: number, nowMs: number): Decision {
  if (r.kind === "response" && r.status >= 200 && r.status < 300) return { outcome: "delivered" };
  if (r.kind === "response" && r.status === 410) return { outcome: "failed", reason: "Receiver answered 410 Gone; retries stopped" };
  const failures = failuresSoFar + 1;
  if (failures >= MAX_ATTEMPTS) return { outcome: "failed", reason: `Gave up after ${MAX_ATTEMPTS} attempts` };
  let delayMs: number = RETRY_DELAYS_MS[failures - 1]!;
  if (r.kind === "response" && (r.status === 429 || r.status === 503)) {
    const after = parseRetryAfter(r.retryAfter, nowMs);
    if (after !== null) delayMs = Math.max(delayMs, after);
  }
  return { outcome: "retry", delayMs };
}
