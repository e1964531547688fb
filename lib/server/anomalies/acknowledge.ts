import type { Ctx } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { uuidv7 } from "@/lib/ids";
import type { AcknowledgeBody, AcknowledgeResult } from "@/lib/schemas/anomalies";
import { audit } from "@/lib/server/audit/record";

/**
 * Marks the given anomalies acknowledged with the operator's note. An anomaly already acknowledged
 * (or unknown) is skipped, so a second click changes nothing; a cleared one keeps its state. Each
 * acknowledgement is announced on the live stream; the request is audited with its count.
 */
export async function acknowledgeAnomalies(ctx: Ctx, body: AcknowledgeBody): Promise<AcknowledgeResult> {
  const ids = [...new Set(body.ids)];
  const by = ctx.actor.label.slice(0, 320);
  const acknowledged = await ctx.db.$transaction(async (tx) => {
    const found = await tx.anomaly.findMany({ where: { id: { in: ids }, acknowledgedAt: null }, select: { id: true } });
    const targets = found.map((r) => r.id);
    const data = { acknowledgedAt: ctx.now, acknowledgedBy: by, note: body.note };
    // the state follows clearedAt as it is when each row is written, not as it was read: the sweep or
    // an intake may clear one in between (PostgreSQL re-checks the condition after the row lock), and
    // a cleared anomaly must stay `cleared`
    const a = targets.length ? await tx.anomaly.updateMany({ where: { id: { in: targets }, acknowledgedAt: null, clearedAt: null }, data: { ...data, state: "acknowledged" } }) : { count: 0 };
    const b = targets.length ? await tx.anomaly.updateMany({ where: { id: { in: targets }, acknowledgedAt: null, clearedAt: { not: null } }, data }) : { count: 0 };
    // another operator acknowledged some of them in between: roll back rather than report wrong ids
    if (a.count + b.count !== targets.length) throw new AppError("conflict", "Anomalies changed while acknowledging; reload and try again");
    const rows = targets.length
      ? await tx.anomaly.findMany({ where: { id: { in: targets } }, select: { id: true, state: true, entityKind: true, entityId: true, operationId: true, strategyId: true }, orderBy: { id: "asc" } })
      : [];
    if (rows.length) {
      await tx.change.createMany({
        data: rows.map((r) => ({
          id: uuidv7(),
          kind: "anomaly",
          entity: r.entityKind,
          entityId: r.entityId,
          operationId: r.operationId,
          strategyId: r.strategyId,
          status: r.state === "cleared" ? "cleared" : "acknowledged",
          ref: r.id,
          at: ctx.now,
        })),
      });
    }
    return rows.map((r) => r.id);
  });
  const done = new Set(acknowledged);
  const skipped = ids.filter((id) => !done.has(id));
  await audit(ctx, {
    action: "anomaly.acknowledge",
    target: `${acknowledged.length} anomal${acknowledged.length === 1 ? "y" : "ies"}`,
    detail: { count: acknowledged.length, skipped: skipped.length, ids: acknowledged.slice(0, 50), note: body.note },
  });
  return { acknowledged: acknowledged.length, skipped };
}
