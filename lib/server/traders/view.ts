import type { Trader } from "@/lib/generated/sqlite/client";
import { traderAnomalies } from "@/lib/lifecycle/anomalies";
import type { Trader as TraderView } from "@/lib/schemas/traders";

/** A trader as the list and the detail serve it; `enrolled`: its settled enrollment execution was seen. */
export function traderView(t: Trader, enrolled: boolean): TraderView {
  return {
    id: t.id,
    strategy_id: t.strategyId,
    participant_code: t.participantCode,
    account_label: t.accountLabel,
    auto_rebalance: t.autoRebalance,
    created_at: t.createdAt?.toISOString() ?? null,
    updated_at: t.updatedAt?.toISOString() ?? null,
    received_at: t.receivedAt.toISOString(),
    anomalies: traderAnomalies({ id: t.id, strategy_id: t.strategyId, participant_code: t.participantCode }, enrolled),
  };
}
