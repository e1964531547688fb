import type { Ctx } from "@/lib/auth/actor";
import type { Event } from "@/lib/generated/sqlite/client";
import type { EventsQuery } from "@/lib/schemas/console";
import { keysetPage } from "@/lib/server/cursor";
import { prefixRange } from "@/lib/server/prefix";
import { ID_PREFIX_MIN } from "@/lib/schemas/filters";
import { deliveriesFor, deliveryKey } from "./deliveries";

export function eventView(e: Event, d: Awaited<ReturnType<typeof deliveriesFor>>) {
  const del = d.get(deliveryKey(e));
  return {
    id: e.id,
    provider: e.provider,
    type: e.type,
    external_id: e.externalId,
    subject_type: e.subjectType,
    subject_id: e.subjectId,
    strategy_id: e.strategyId,
    operation_id: e.operationId,
    status: e.status,
    status_reason: e.statusReason,
    event_time: e.eventTime?.toISOString() ?? null,
    received_at: e.receivedAt.toISOString(),
    payload: e.payload,
    deliveries: del?.deliveries ?? [],
    next_retry: del?.next_retry ?? null,
  };
}
export type EventView = ReturnType<typeof eventView>;

/** An id of any kind; 8 characters or more also match as a prefix (the lists show 8). */
function anyId(v: string) {
  const m = v.length >= ID_PREFIX_MIN ? prefixRange(v) : v;
  return { OR: [{ id: m }, { externalId: m }, { subjectId: m }, { strategyId: m }, { operationId: m }] };
}

/** Every accepted event of both providers, newest receipt first. */
export async function listEvents(ctx: Ctx, q: EventsQuery) {
  const db = ctx.db;
  const p = await keysetPage("receivedAt", q, (k) =>
    db.event.findMany({
      where: {
        AND: [
          { provider: q.provider, type: q.type === undefined ? undefined : prefixRange(q.type), receivedAt: { gte: q.from, lte: q.to } },
          q.q ? anyId(q.q) : {},
          k.after,
        ],
      },
      orderBy: k.orderBy,
      take: k.take,
    }),
  );
  const d = await deliveriesFor(db, p.items);
  return { items: p.items.map((e) => eventView(e, d)), next_cursor: p.next_cursor };
}
