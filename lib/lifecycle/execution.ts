// Rebuild one zerohash execution's lifecycle from its webhooks. awaiting_execution → settled|skipped|rejected.
// Receiving only a terminal status is normal (soft rejections, "exactly once at terminal" senders): no missed_events here.
import type { ExecutionPayload, ExecutionState, Instruction, LifecycleEvent, Reduced } from "./types";
import { emptyArr, emptyStr, latestNonEmpty, str, walkEvents } from "./walk";

const label = (p: ExecutionPayload): string => `execution ${str(p.id)} (${str(p.participant_code) || "?"})`;

export function reduceExecution(events: readonly LifecycleEvent<ExecutionPayload>[]): Reduced<ExecutionState> | null {
  const w = walkEvents("execution", label, events);
  if (!w) return null;
  const { sorted, current } = w;
  const cur = current.payload;
  const last = sorted[sorted.length - 1] ?? current;

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
    id: latestNonEmpty(sorted, (p) => str(p.id), emptyStr, ""),
    operation_id: latestNonEmpty(sorted, (p) => str(p.operation_id), emptyStr, ""),
    strategy_id: latestNonEmpty(sorted, (p) => str(p.strategy_id), emptyStr, ""),
    trader_id: latestNonEmpty(sorted, (p) => str(p.trader_id), emptyStr, ""),
    participant_code: latestNonEmpty(sorted, (p) => str(p.participant_code), emptyStr, ""),
    account_label: latestNonEmpty(sorted, (p) => str(p.account_label), emptyStr, ""),
    status: cur.status,
    status_reason: str(cur.status_reason),
    instructions,
    created_at: latestNonEmpty(sorted, (p) => str(p.created_at), emptyStr, ""),
    updated_at: str(cur.updated_at),
    last_event_at: str(last.payload.updated_at),
    first_received_at: w.first_received_at,
    last_received_at: w.last_received_at,
    event_count: sorted.length,
  };
  return { state, transitions: w.transitions, anomalies: [...w.anomalies] };
}
