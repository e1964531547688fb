import type { Ctx } from "@/lib/auth/actor";
import type { AuditEntry, AuditQuery } from "@/lib/schemas/access";
import { keysetPage } from "@/lib/server/cursor";

export async function listAudit(ctx: Ctx, q: AuditQuery): Promise<{ items: AuditEntry[]; next_cursor: string | null }> {
  const p = await keysetPage("at", q, (k) =>
    ctx.db.auditLog.findMany({
      where: {
        action: q.action ? (q.action.endsWith(".") ? { startsWith: q.action } : q.action) : undefined,
        actorLabel: q.actor ? { startsWith: q.actor } : undefined,
        result: q.result,
        at: q.from || q.to ? { gte: q.from, lte: q.to } : undefined,
        ...k.after,
      },
      orderBy: k.orderBy,
      take: k.take,
    }),
  );
  return {
    items: p.items.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor_type: r.actorType,
      actor_id: r.actorId,
      actor: r.actorLabel,
      role: r.role,
      action: r.action,
      target: r.target,
      result: r.result as AuditEntry["result"],
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
      ip: r.ip,
    })),
    next_cursor: p.next_cursor,
  };
}
