import type { Ctx } from "@/lib/auth/actor";
import type { Anomaly } from "@/lib/generated/sqlite/client";
import type { AnomaliesQuery, AnomalyState, AnomalyView } from "@/lib/schemas/anomalies";
import { keysetPage } from "@/lib/server/cursor";

/** The console page where the anomaly's entity is shown. */
export function entityHref(a: Pick<Anomaly, "entityKind" | "entityId" | "operationId" | "strategyId">): string {
  const to = (path: string, id: string) => `/${path}/${encodeURIComponent(id)}`;
  switch (a.entityKind) {
    case "operation":
      return to("operations", a.entityId);
    case "execution":
      return a.operationId ? to("operations", a.operationId) : `/events?q=${encodeURIComponent(a.entityId)}`;
    case "trader":
      return to("traders", a.entityId);
    case "strategy":
      return to("strategies", a.entityId);
    case "position":
      return a.strategyId ? to("strategies", a.strategyId) : `/events?q=${encodeURIComponent(a.entityId)}`;
    case "backtest":
      return a.strategyId ? to("strategies", a.strategyId) : "/backtests";
    default:
      return `/events?q=${encodeURIComponent(a.entityId)}`;
  }
}

export function anomalyView(a: Anomaly): AnomalyView {
  return {
    id: a.id,
    rule: a.rule,
    severity: a.severity,
    provider: a.provider,
    entity_kind: a.entityKind,
    entity_id: a.entityId,
    operation_id: a.operationId,
    strategy_id: a.strategyId,
    href: entityHref(a),
    message: a.message,
    state: a.state as AnomalyState,
    raised_at: a.raisedAt.toISOString(),
    cleared_at: a.clearedAt?.toISOString() ?? null,
    acknowledged_at: a.acknowledgedAt?.toISOString() ?? null,
    acknowledged_by: a.acknowledgedBy,
    note: a.note,
  };
}

/** Anomalies newest raised first; every filter is an indexed column (model Anomaly). */
export async function listAnomalies(ctx: Ctx, q: AnomaliesQuery) {
  const raisedAt = q.from || q.to ? { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } : undefined;
  const p = await keysetPage("raisedAt", q, (k) =>
    ctx.db.anomaly.findMany({
      where: { rule: q.rule, provider: q.provider, entityKind: q.entity_kind, state: q.state, raisedAt, ...k.after },
      orderBy: k.orderBy,
      take: k.take,
    }),
  );
  return { items: p.items.map(anomalyView), next_cursor: p.next_cursor };
}
