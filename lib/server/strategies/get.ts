import type { Ctx } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { reduceStrategy, type PipaiEnvelope } from "@/lib/lifecycle/strategy";
import { deliveriesFor } from "@/lib/server/events/deliveries";
import { eventView, relayDeliveriesFor } from "@/lib/server/events/list";
import { operationSummary, stuckRule } from "@/lib/server/operations/view";
import { traderView } from "@/lib/server/traders/view";
import type { StrategyDetail } from "@/lib/schemas/strategies";
import { strategySummary } from "./view";

/** Operations and traders listed on a zerohash strategy's page, newest first; the lists behind hold the rest. */
const MAX_RELATED = 100;

/** Detail recomputed from the events on read, so it can never disagree with them. */
export async function getStrategy(ctx: Ctx, id: string): Promise<StrategyDetail> {
  const db = ctx.db;
  const [row, events, operations, traders] = await Promise.all([
    db.strategy.findUnique({ where: { id } }),
    db.event.findMany({ where: { strategyId: id }, orderBy: [{ eventTime: "asc" }, { receivedAt: "asc" }, { id: "asc" }] }),
    db.operation.findMany({ where: { strategyId: id }, orderBy: [{ updatedAt: "desc" }, { id: "desc" }], take: MAX_RELATED }),
    db.trader.findMany({ where: { strategyId: id }, orderBy: [{ receivedAt: "desc" }, { id: "desc" }], take: MAX_RELATED }),
  ]);
  if (!row && events.length === 0) throw new AppError("not_found", `strategy ${id} not found`);

  const pipai = events.filter((e) => e.provider === "pipai");
  const r = reduceStrategy(pipai.map((e) => ({ notificationId: e.externalId, receivedAt: e.receivedAt, payload: JSON.parse(e.payload) as PipaiEnvelope })));
  const [d, relay] = await Promise.all([deliveriesFor(db, events), relayDeliveriesFor(db, events)]);
  // no traders (a PipAI strategy): no query, which would otherwise be a scan for `IN ()`
  const enrolled = new Set(
    traders.length === 0
      ? []
      : (await db.execution.findMany({ where: { traderId: { in: traders.map((t) => t.id) }, status: "settled" }, select: { traderId: true } })).map((e) => e.traderId),
  );
  const opts = stuckRule(ctx);
  const closed = r?.positions.filter((p) => p.status === "closed") ?? [];
  return {
    strategy: row ? strategySummary(row) : null,
    transitions: r?.transitions ?? [],
    positions: r?.positions ?? [],
    pnl: { realized: r?.state.realized_pnl ?? "0", closed_positions: closed.length, open_positions: (r?.positions.length ?? 0) - closed.length },
    orders: r?.orders ?? [],
    fills: r?.fills ?? [],
    errors: r?.errors ?? [],
    anomalies: r?.anomalies ?? [],
    events: events.map((e) => eventView(e, d, relay)),
    /** zerohash: the strategy's operations and traders (empty for PipAI) */
    operations: operations.map((o) => operationSummary(o, opts.now, opts.sla)),
    traders: traders.map((t) => traderView(t, enrolled.has(t.id))),
  };
}
