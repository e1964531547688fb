import type { z } from "zod";
import type { Ctx } from "@/lib/auth/actor";
import type { tradersPageSchema } from "@/lib/schemas/traders";
import type { TradersQuery } from "@/lib/schemas/console";
import { keysetPage } from "@/lib/server/cursor";
import { traderView } from "./view";
import { optionalPrefix } from "@/lib/server/prefix";

export async function listTraders(ctx: Ctx, q: TradersQuery): Promise<z.output<typeof tradersPageSchema>> {
  const db = ctx.db;
  const p = await keysetPage("receivedAt", q, (k) =>
    db.trader.findMany({
      where: {
        AND: [{ id: optionalPrefix(q.trader_id), strategyId: optionalPrefix(q.strategy_id) }, k.after],
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
    items: p.items.map((t) => traderView(t, seen.has(t.id))),
    next_cursor: p.next_cursor,
  };
}
