import type { Ctx } from "@/lib/auth/actor";
import type { Db } from "@/lib/db";
import type { Event, Prisma } from "@/lib/generated/sqlite/client";
import type { EventsQuery } from "@/lib/schemas/console";
import type { ConsoleEvent, eventsPageSchema } from "@/lib/schemas/events";
import type { z } from "zod";
import { keysetPage } from "@/lib/server/cursor";
import { prefixRange } from "@/lib/server/prefix";
import { ID_PREFIX_MIN } from "@/lib/schemas/filters";
import { pageByTypes, typesUnder } from "@/lib/server/type-prefix";
import { deliveriesFor, deliveryKey } from "./deliveries";

/** The relay's delivery of each event (one at most: Delivery.eventId is unique). */
export async function relayDeliveriesFor(db: Db, events: readonly { id: string }[]): Promise<Map<string, { id: string; status: string }>> {
  if (events.length === 0) return new Map();
  const rows = await db.delivery.findMany({ where: { eventId: { in: events.map((e) => e.id) } }, select: { id: true, status: true, eventId: true } });
  return new Map(rows.map((r) => [r.eventId!, { id: r.id, status: r.status }]));
}

export function eventView(e: Event, d: Awaited<ReturnType<typeof deliveriesFor>>, relay?: Map<string, { id: string; status: string }>): ConsoleEvent {
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
    relay_delivery: relay?.get(e.id) ?? null,
  };
}

/** An id of any kind; 8 characters or more also match as a prefix (the lists show 8). */
function anyId(v: string) {
  const m = v.length >= ID_PREFIX_MIN ? prefixRange(v) : v;
  return { OR: [{ id: m }, { externalId: m }, { subjectId: m }, { strategyId: m }, { operationId: m }] };
}

/** Every accepted event of both providers, newest receipt first. */
export async function listEvents(ctx: Ctx, q: EventsQuery): Promise<z.output<typeof eventsPageSchema>> {
  const db = ctx.db;
  // a type filter walks the (type, receivedAt) index once per type under the prefix (../type-prefix.ts)
  const types = q.type === undefined ? null : await typesUnder(db, ctx.env.dbProvider, "Event", q.type);
  const p = await keysetPage("receivedAt", q, (k) => {
    const find = (type: string | Prisma.StringFilter | undefined) =>
      db.event.findMany({
        where: { AND: [{ provider: q.provider, type, receivedAt: { gte: q.from, lte: q.to } }, q.q ? anyId(q.q) : {}, k.after] },
        orderBy: k.orderBy,
        take: k.take,
      });
    return q.type === undefined ? find(undefined) : pageByTypes<Event>(types, (e) => e.receivedAt, k.take, (t) => find(t ?? prefixRange(q.type!)));
  });
  const [d, relay] = await Promise.all([deliveriesFor(db, p.items), relayDeliveriesFor(db, p.items)]);
  return { items: p.items.map((e) => eventView(e, d, relay)), next_cursor: p.next_cursor };
}
