import type { Ctx } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { isPlausibleId } from "@/lib/schemas/filters";
import type { TraderDetail } from "@/lib/schemas/traders";
import { operationSummary, stuckRule } from "@/lib/server/operations/view";
import { traderView } from "./view";

/** Executions and operations shown on a trader page; a trader in a long-running strategy has many. */
const MAX_EXECUTIONS = 200;

/**
 * A trader with what created it and what it took part in. Executions carry the trader id only once
 * settled, so those of the same participant in the same strategy count too (a rejected first
 * enrollment, an execution still awaiting). Known only from executions → `trader: null`.
 */
export async function getTrader(ctx: Ctx, id: string): Promise<TraderDetail> {
  const db = ctx.db;
  // PostgreSQL refuses NUL in text: such an id, like one longer than any id, names no trader
  if (!isPlausibleId(id)) throw new AppError("not_found", "trader not found");
  const trader = await db.trader.findUnique({ where: { id } });
  const executions = await db.execution.findMany({
    where: { OR: [{ traderId: id }, ...(trader ? [{ strategyId: trader.strategyId, participantCode: trader.participantCode }] : [])] },
    orderBy: [{ lastReceivedAt: "desc" }, { id: "desc" }],
    take: MAX_EXECUTIONS,
  });
  if (!trader && executions.length === 0) throw new AppError("not_found", `trader ${id} not found`);

  const opIds = [...new Set(executions.map((e) => e.operationId))];
  const operations = opIds.length === 0 ? [] : await db.operation.findMany({ where: { id: { in: opIds } } });
  const opById = new Map(operations.map((o) => [o.id, o]));
  // The enrollment is the settled execution of an enrollment operation; with its operation not
  // seen yet, a settled execution carrying this trader id is the best evidence there is.
  const settled = executions.filter((e) => e.status === "settled" && e.traderId === id);
  const enrollment = settled.find((e) => opById.get(e.operationId)?.type === "enrollment") ?? settled.at(-1) ?? null;
  const opts = stuckRule(ctx);

  return {
    trader: trader ? traderView(trader, enrollment !== null) : null,
    enrollment: enrollment && {
      execution_id: enrollment.id,
      operation_id: enrollment.operationId,
      operation_known: opById.has(enrollment.operationId),
      status: enrollment.status,
      settled_at: enrollment.updatedAt?.toISOString() ?? null,
    },
    executions: executions.map((e) => ({
      id: e.id,
      operation_id: e.operationId,
      operation_type: opById.get(e.operationId)?.type ?? null,
      strategy_id: e.strategyId,
      participant_code: e.participantCode,
      status: e.status,
      status_reason: e.statusReason,
      updated_at: e.updatedAt?.toISOString() ?? null,
    })),
    operations: operations
      .map((o) => operationSummary(o, opts.now, opts.sla))
      .sort((a, b) => b.last_received_at.localeCompare(a.last_received_at) || b.id.localeCompare(a.id)),
  };
}
