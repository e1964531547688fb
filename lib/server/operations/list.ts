import type { z } from "zod";
import type { Ctx } from "@/lib/auth/actor";
import type { operationsPageSchema } from "@/lib/schemas/operations";
import type { OperationsQuery } from "@/lib/schemas/console";
import { keyset, page } from "@/lib/server/cursor";
import { optionalPrefix } from "@/lib/server/prefix";
import { operationSummary, stuckRule } from "./view";

export async function listOperations(ctx: Ctx, q: OperationsQuery): Promise<z.output<typeof operationsPageSchema>> {
  const db = ctx.db;
  const opts = stuckRule(ctx);
  const k = keyset("updatedAt", q);
  const rows = await db.operation.findMany({
    where: {
      status: q.status && { in: q.status },
      type: q.type,
      id: optionalPrefix(q.operation_id),
      strategyId: optionalPrefix(q.strategy_id),
      updatedAt: { gte: q.from, lte: q.to },
      ...k.after,
    },
    orderBy: k.orderBy,
    take: k.take,
  });
  const p = page(rows, q.limit, (r) => ({ at: r.updatedAt ?? r.lastReceivedAt, id: r.id }));
  return { items: p.items.map((o) => operationSummary(o, opts.now, opts.sla)), next_cursor: p.next_cursor };
}
