import { getDb } from "@/lib/db";
import type { StrategyAnomaly } from "@/lib/lifecycle/strategy";
import type { BacktestsQuery } from "@/lib/schemas/console";
import { keyset, page } from "@/lib/server/cursor";

export async function listBacktests(q: BacktestsQuery) {
  const db = await getDb();
  const k = keyset("receivedAt", q);
  const rows = await db.backtest.findMany({
    where: { status: q.status, ...k.after },
    orderBy: k.orderBy,
    take: k.take,
  });
  const p = page(rows, q.limit, (r) => ({ at: r.receivedAt, id: r.id }));
  return {
    items: p.items.map((b) => ({
      id: b.id,
      status: b.status,
      strategy_id: b.strategyId,
      metrics:
        b.status === "done"
          ? { total_return: b.totalReturn, sharpe: b.sharpe, max_drawdown: b.maxDrawdown, win_rate: b.winRate, total_trades: b.totalTrades, profit_factor: b.profitFactor }
          : null,
      raw_metrics: b.metrics ? (JSON.parse(b.metrics) as Record<string, unknown>) : null,
      error_code: b.errorCode,
      error_message: b.errorMessage,
      finished_at: b.finishedAt?.toISOString() ?? null,
      received_at: b.receivedAt.toISOString(),
      event_count: b.eventCount,
      anomalies: JSON.parse(b.anomalies) as StrategyAnomaly[],
    })),
    next_cursor: p.next_cursor,
  };
}
