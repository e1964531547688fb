// Rebuild one zerohash operation's lifecycle from its (unordered, duplicated) webhooks.
import type { Allocation, Anomaly, LifecycleEvent, OperationPayload, OperationState, Reduced } from "./types";
import { isKnown } from "./status";
import { emptyArr, latestNonEmpty, latestStrings, str, walkEvents, walkSummary } from "./walk";

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

  const allocations = latestNonEmpty<OperationPayload, Allocation[]>(
    sorted,
    (p) => (Array.isArray(p.allocations) ? p.allocations : undefined),
    emptyArr,
    [],
  ).map((a) => ({ ...a }));

  const state: OperationState = {
    ...latestStrings(sorted, ["id", "strategy_id", "request_id", "type", "created_at"]),
    allocations,
    ...walkSummary(w),
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
