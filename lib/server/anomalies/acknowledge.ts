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
    const rows = await tx.anomaly.findMany({
      where: { id: { in: ids }, acknowledgedAt: null },
      select: { id: true, clearedAt: true, entityKind: true, entityId: true, operationId: true, strategyId: true },
    });
    const data = { acknowledgedAt: ctx.now, acknowledgedBy: by, note: body.note };
    const open = rows.filter((r) => r.clearedAt === null).map((r) => r.id);
    const cleared = rows.filter((r) => r.clearedAt !== null).map((r) => r.id);
    const a = open.length ? await tx.anomaly.updateMany({ where: { id: { in: open }, acknowledgedAt: null }, data: { ...data, state: "acknowledged" } }) : { count: 0 };
    const b = cleared.length ? await tx.anomaly.updateMany({ where: { id: { in: cleared }, acknowledgedAt: null }, data }) : { count: 0 };
    // another operator acknowledged some of them in between: roll back rather than report wrong ids
    if (a.count + b.count !== rows.length) throw new AppError("bad_request", "Anomalies changed while acknowledging; reload and try again");
    if (rows.length) {
      await tx.change.createMany({
        data: rows.map((r) => ({
          id: uuidv7(),
          kind: "anomaly",
          entity: r.entityKind,
          entityId: r.entityId,
          operationId: r.operationId,
          strategyId: r.strategyId,
          status: r.clearedAt === null ? "acknowledged" : "cleared",
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
