import type { Ctx } from "@/lib/auth/actor";
import { traderAnomalies } from "@/lib/lifecycle/anomalies";
import type { TradersQuery } from "@/lib/schemas/console";
import { keysetPage } from "@/lib/server/cursor";

export async function listTraders(ctx: Ctx, q: TradersQuery) {
  const db = ctx.db;
  const p = await keysetPage("receivedAt", q, (k) =>
    db.trader.findMany({
      where: {
        strategyId: q.strategy_id,
        ...k.after,
      },
      orderBy: k.orderBy,
      take: k.take,
    }),
  );
  // A trader is created by a successful enrollment: look for that settled execution.
  const enrolled = await db.execution.findMany({
    where: { traderId: { in: p.items.map((t) => t.id) }, status: "settled" },
    select: { traderId: true },
  });
  const seen = new Set(enrolled.map((e) => e.traderId));
  return {
    items: p.items.map((t) => ({
      id: t.id,
      strategy_id: t.strategyId,
      participant_code: t.participantCode,
      account_label: t.accountLabel,
      auto_rebalance: t.autoRebalance,
      created_at: t.createdAt?.toISOString() ?? null,
      updated_at: t.updatedAt?.toISOString() ?? null,
      received_at: t.receivedAt.toISOString(),
      anomalies: traderAnomalies({ id: t.id, strategy_id: t.strategyId, participant_code: t.participantCode }, seen.has(t.id)),
    })),
    next_cursor: p.next_cursor,
  };
}
