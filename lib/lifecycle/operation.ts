// Rebuild one zerohash operation's lifecycle from its (unordered, duplicated) webhooks.
import type { Allocation, Anomaly, LifecycleEvent, OperationPayload, OperationState, Reduced } from "./types";
import { isKnown } from "./status";
import { emptyArr, emptyStr, latestNonEmpty, str, walkEvents } from "./walk";

/**
 * Statuses that must have been received before reaching `status` along the documented path
 * validating → pricing → settling → settled. failed/skipped may happen at any stage, so they
 * only require validating.
 */
const REQUIRED_BEFORE: Readonly<Record<string, readonly string[]>> = {
  validating: [],
  pricing: ["validating"],
  settling: ["validating", "pricing"],
  settled: ["validating", "pricing", "settling"],
  skipped: ["validating"],
  failed: ["validating"],
};

const label = (p: OperationPayload): string => `operation ${str(p.id)}`;

/**
 * Pure function of the SET of events (dedupe by notificationId; order by updated_at, see order.ts).
 * Returns null for an empty input.
 */
export function reduceOperation(events: readonly LifecycleEvent<OperationPayload>[]): Reduced<OperationState> | null {
  const w = walkEvents("operation", label, events);
  if (!w) return null;
  const { sorted, current } = w;
  const cur = current.payload;
  const last = sorted[sorted.length - 1] ?? current;

  const allocations = latestNonEmpty<OperationPayload, Allocation[]>(
    sorted,
    (p) => (Array.isArray(p.allocations) ? p.allocations : undefined),
    emptyArr,
    [],
  ).map((a) => ({ ...a }));

  const state: OperationState = {
    id: latestNonEmpty(sorted, (p) => str(p.id), emptyStr, ""),
    strategy_id: latestNonEmpty(sorted, (p) => str(p.strategy_id), emptyStr, ""),
    request_id: latestNonEmpty(sorted, (p) => str(p.request_id), emptyStr, ""),
    type: latestNonEmpty(sorted, (p) => str(p.type), emptyStr, ""),
    status: cur.status,
    status_reason: str(cur.status_reason),
    allocations,
    created_at: latestNonEmpty(sorted, (p) => str(p.created_at), emptyStr, ""),
    updated_at: str(cur.updated_at),
    last_event_at: str(last.payload.updated_at),
    first_received_at: w.first_received_at,
    last_received_at: w.last_received_at,
    event_count: sorted.length,
  };

  const anomalies: Anomaly[] = [...w.anomalies];
  if (isKnown("operation", state.status)) {
    const missing = (REQUIRED_BEFORE[state.status] ?? []).filter((s) => !w.seenKnown.has(s));
    if (missing.length > 0) {
      anomalies.push({
        code: "missed_events",
        severity: "info",
        message: `${label(cur)}: no webhook received for ${missing.join(", ")} before ${state.status} (dropped deliveries?)`,
        at: state.updated_at,
      });
    }
  }
  return { state, transitions: w.transitions, anomalies };
}
