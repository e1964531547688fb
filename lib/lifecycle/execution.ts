// Rebuild one zerohash execution's lifecycle from its webhooks. awaiting_execution → settled|skipped|rejected.
// Receiving only a terminal status is normal (soft rejections, "exactly once at terminal" senders): no missed_events here.
import type { ExecutionPayload, ExecutionState, Instruction, LifecycleEvent, Reduced } from "./types";
import { emptyArr, latestNonEmpty, latestStrings, str, walkEvents, walkSummary } from "./walk";

const label = (p: ExecutionPayload): string => `execution ${str(p.id)} (${str(p.participant_code) || "?"})`;

export function reduceExecution(events: readonly LifecycleEvent<ExecutionPayload>[]): Reduced<ExecutionState> | null {
  const w = walkEvents("execution", label, events);
  if (!w) return null;
  const { sorted, current } = w;
  const cur = current.payload;

  const own = Array.isArray(cur.instructions) ? cur.instructions : [];
  const instructions: Instruction[] = (
    own.length > 0
      ? own
      : latestNonEmpty<ExecutionPayload, Instruction[]>(
          sorted,
          (p) => (Array.isArray(p.instructions) ? p.instructions : undefined),
          emptyArr,
          [],
        )
  ).map((i) => ({ ...i, trade_ids: Array.isArray(i.trade_ids) ? [...i.trade_ids] : [] }));

  const state: ExecutionState = {
    ...latestStrings(sorted, ["id", "operation_id", "strategy_id", "trader_id", "participant_code", "account_label", "created_at"]),
    instructions,
    ...walkSummary(w),
  };
  return { state, transitions: w.transitions, anomalies: [...w.anomalies] };
}
