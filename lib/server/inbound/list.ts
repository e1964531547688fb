import { getDb } from "@/lib/db";
import type { InboundQuery } from "@/lib/schemas/console";
import { decodeCursor, page } from "@/lib/server/cursor";

export async function listInbound(q: InboundQuery) {
  const db = await getDb();
  const c = decodeCursor(q.cursor);
  const rows = await db.inboundRequest.findMany({
    where: {
      outcome: q.outcome,
      provider: q.provider,
      ...(c ? { OR: [{ receivedAt: { lt: c.at } }, { receivedAt: c.at, id: { lt: c.id } }] } : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const p = page(rows, q.limit, (r) => ({ at: r.receivedAt, id: r.id }));
  return {
    items: p.items.map((r) => ({
      id: r.id,
      provider: r.provider,
      payload_type: r.payloadType,
      notification_id: r.externalId,
      delivery_id: r.deliveryId,
      delivery_attempt: r.deliveryAttempt,
      received_at: r.receivedAt.toISOString(),
      outcome: r.outcome,
      http_status: r.httpStatus,
      reason: r.reason,
      headers: JSON.parse(r.headers) as Record<string, string>,
      raw_body: r.rawBody,
      body_encoding: r.bodyEncoding,
    })),
    next_cursor: p.next_cursor,
  };
}
