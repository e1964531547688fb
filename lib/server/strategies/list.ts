import type { z } from "zod";
import type { Ctx } from "@/lib/auth/actor";
import type { strategiesPageSchema } from "@/lib/schemas/strategies";
import type { StrategiesQuery } from "@/lib/schemas/console";
import { keysetPage } from "@/lib/server/cursor";
import { strategyCandidates } from "./search";
import { strategySummary } from "./view";

export async function listStrategies(ctx: Ctx, q: StrategiesQuery): Promise<z.output<typeof strategiesPageSchema>> {
  const db = ctx.db;
  // SQLite's LIKE is already case-insensitive for ASCII; PostgreSQL needs ILIKE.
  const contains = (v: string) => (ctx.env.dbProvider === "postgres" ? { contains: v, mode: "insensitive" as const } : { contains: v });
  // a trigram index narrows `q` to a bounded set of ids; the substring filter still decides
  const candidates = q.q ? await strategyCandidates(db, ctx.env.dbProvider, q.q) : null;
  const p = await keysetPage("lastReceivedAt", q, (k) =>
    db.strategy.findMany({
      where: {
        AND: [
          { status: q.status && { in: q.status }, provider: q.provider },
          q.q ? { OR: [{ name: contains(q.q) }, { id: contains(q.q) }] } : {},
          candidates ? { id: { in: candidates } } : {},
          k.after,
        ],
      },
      orderBy: k.orderBy,
      take: k.take,
    }),
  );
  return { items: p.items.map(strategySummary), next_cursor: p.next_cursor };
}
