import { getDb } from "@/lib/db";
import type { AlertsQuery } from "@/lib/schemas/console";
import { decodeCursor, page } from "@/lib/server/cursor";

export async function listAlerts(q: AlertsQuery) {
  const db = await getDb();
  const c = decodeCursor(q.cursor);
  const rows = await db.accountAlert.findMany({
    where: { kind: q.kind, ...(c ? { OR: [{ receivedAt: { lt: c.at } }, { receivedAt: c.at, id: { lt: c.id } }] } : {}) },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const p = page(rows, q.limit, (r) => ({ at: r.receivedAt, id: r.id }));
  return {
    items: p.items.map((a) => ({
      id: a.id,
      kind: a.kind,
      asset: a.asset,
      balance: a.balance,
      threshold: a.threshold,
      key_id: a.keyId,
      rotated_at: a.rotatedAt?.toISOString() ?? null,
      event_time: a.eventTime.toISOString(),
      received_at: a.receivedAt.toISOString(),
    })),
    next_cursor: p.next_cursor,
  };
}
