// PipAI's documented redelivery schedule (providers.md §2), as a pure function: what the
// provider did, and when it would try next had our answer failed.

/** Delay before attempt n+1, after attempt n (index n-1). Attempt 10 is the last. */
export const PIPAI_RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000, 1_800_000, 7_200_000, 21_600_000, 86_400_000] as const;
export const PIPAI_MAX_ATTEMPTS = PIPAI_RETRY_DELAYS_MS.length + 1;
/** PipAI also gives up 24 h after the event. */
export const PIPAI_GIVE_UP_AFTER_MS = 86_400_000;

export type Delivery = { delivery_id: string | null; attempt: number | null; received_at: string; outcome: string; http_status: number };

export type NextRetry =
  | { kind: "scheduled"; attempt: number; at: string }
  | { kind: "exhausted"; reason: string }
  | { kind: "unknown"; reason: string };

/**
 * When PipAI would send the next attempt if the answer to `last` had failed. Based on the
 * receipt time of the latest attempt (our clock, close to PipAI's send time).
 */
export function nextPipaiRetry(last: { attempt: number | null; received_at: string }, eventCreatedAt: string | null): NextRetry {
  const n = last.attempt;
  const received = Date.parse(last.received_at);
  if (n === null || !Number.isInteger(n) || n < 1 || Number.isNaN(received)) return { kind: "unknown", reason: "attempt number not sent" };
  if (n >= PIPAI_MAX_ATTEMPTS) return { kind: "exhausted", reason: `attempt ${n} is the last (${PIPAI_MAX_ATTEMPTS} attempts)` };
  const at = received + PIPAI_RETRY_DELAYS_MS[n - 1]!;
  const created = eventCreatedAt ? Date.parse(eventCreatedAt) : Number.NaN;
  if (!Number.isNaN(created) && at > created + PIPAI_GIVE_UP_AFTER_MS) {
    return { kind: "exhausted", reason: "PipAI gives up 24 h after the event" };
  }
  return { kind: "scheduled", attempt: n + 1, at: new Date(at).toISOString() };
}

/** Deliveries of one event, oldest first (attempt number, then receipt time). */
export function sortDeliveries<T extends Delivery>(ds: readonly T[]): T[] {
  return [...ds].sort((a, b) => Date.parse(a.received_at) - Date.parse(b.received_at) || (a.attempt ?? 0) - (b.attempt ?? 0));
}
