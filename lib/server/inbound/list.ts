import type { Ctx } from "@/lib/auth/actor";
import type { InboundQuery } from "@/lib/schemas/console";
import { keysetPage } from "@/lib/server/cursor";

export async function listInbound(ctx: Ctx, q: InboundQuery) {
  const db = ctx.db;
  const p = await keysetPage("receivedAt", q, (k) =>
    db.inboundRequest.findMany({
      where: {
        outcome: q.outcome,
        provider: q.provider,
        externalId: q.notification_id,
        ...k.after,
      },
      orderBy: k.orderBy,
      take: k.take,
    }),
  );
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
      event_id: r.eventId,
    })),
    next_cursor: p.next_cursor,
  };
}
