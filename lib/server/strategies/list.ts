import { dbProvider, getDb } from "@/lib/db";
import type { StrategiesQuery } from "@/lib/schemas/console";
import { decodeCursor, page } from "@/lib/server/cursor";
import { strategySummary } from "./view";

export async function listStrategies(q: StrategiesQuery) {
  const db = await getDb();
  const c = decodeCursor(q.cursor);
  // SQLite's LIKE is already case-insensitive for ASCII; PostgreSQL needs ILIKE.
  const contains = (v: string) => (dbProvider() === "postgres" ? { contains: v, mode: "insensitive" as const } : { contains: v });
  const rows = await db.strategy.findMany({
    where: {
      AND: [
        { status: q.status, provider: q.provider },
        q.q ? { OR: [{ name: contains(q.q) }, { id: contains(q.q) }] } : {},
        c ? { OR: [{ lastReceivedAt: { lt: c.at } }, { lastReceivedAt: c.at, id: { lt: c.id } }] } : {},
      ],
    },
    orderBy: [{ lastReceivedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const p = page(rows, q.limit, (r) => ({ at: r.lastReceivedAt, id: r.id }));
  return { items: p.items.map(strategySummary), next_cursor: p.next_cursor };
}
