import type { Ctx } from "@/lib/auth/actor";
import type { z } from "zod";
import type { Backtest, backtestsPageSchema } from "@/lib/schemas/strategies";
import type { BacktestsQuery } from "@/lib/schemas/console";
import { keysetPage } from "@/lib/server/cursor";

export async function listBacktests(ctx: Ctx, q: BacktestsQuery): Promise<z.output<typeof backtestsPageSchema>> {
  const db = ctx.db;
  const p = await keysetPage("receivedAt", q, (k) =>
    db.backtest.findMany({
      where: { status: q.status, ...k.after },
      orderBy: k.orderBy,
      take: k.take,
    }),
  );
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
      anomalies: JSON.parse(b.anomalies) as Backtest["anomalies"],
    })),
    next_cursor: p.next_cursor,
  };
}
