import type { Ctx } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { reduceStrategy, type PipaiEnvelope } from "@/lib/lifecycle/strategy";
import { deliveriesFor } from "@/lib/server/events/deliveries";
import { eventView } from "@/lib/server/events/list";
import { strategySummary } from "./view";

/** Detail recomputed from the events on read, so it can never disagree with them. */
export async function getStrategy(ctx: Ctx, id: string) {
  const db = ctx.db;
  const [row, events] = await Promise.all([
    db.strategy.findUnique({ where: { id } }),
    db.event.findMany({ where: { strategyId: id }, orderBy: [{ eventTime: "asc" }, { receivedAt: "asc" }, { id: "asc" }] }),
  ]);
  if (!row && events.length === 0) throw new AppError("not_found", `strategy ${id} not found`);

  const pipai = events.filter((e) => e.provider === "pipai");
  const r = reduceStrategy(pipai.map((e) => ({ notificationId: e.externalId, receivedAt: e.receivedAt, payload: JSON.parse(e.payload) as PipaiEnvelope })));
  const d = await deliveriesFor(db, events);
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
    events: events.map((e) => eventView(e, d)),
  };
}
