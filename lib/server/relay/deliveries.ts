// Reads and retries of the delivery log, shared by the §3 API and the console.
import type { Ctx } from "@/lib/auth/actor";
import { audit } from "@/lib/server/audit/record";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { AppError } from "@/lib/errors";
import { DELIVERY_STATUSES, type DeliveriesQuery, type DeliveryFilters, type DeliveryStatus } from "@/lib/schemas/relay";
import { optionalPrefix, prefixRange } from "@/lib/server/prefix";
import { decodeCursor, page } from "@/lib/server/cursor";

type DeliveryRow = Prisma.DeliveryGetPayload<object>;

/** GET /api/webhooks item, exactly the spec's fields. */
export function apiDeliveryView(d: DeliveryRow) {
  return {
    id: d.id,
    event_type: d.eventType,
    status: d.status,
    attempts: d.attempts,
    last_error: d.lastError,
    response_status: d.responseStatus,
    callback_url: d.callbackUrl,
    created_at: d.createdAt.toISOString(),
    delivered_at: d.deliveredAt?.toISOString() ?? null,
  };
}

/** The console's row: the API fields plus what the pages filter and link on. */
export function consoleDeliveryView(d: DeliveryRow) {
  return {
    ...apiDeliveryView(d),
    webhook_id: d.webhookId,
    source: d.source,
    is_test: d.isTest,
    event_id: d.eventId,
    operation_id: d.operationId,
    strategy_id: d.strategyId,
    next_attempt_at: d.status === "pending" ? (d.nextAttemptAt?.toISOString() ?? null) : null,
    failed_reason: d.failedReason,
  };
}

/** Parses the §3 list query with its exact error strings. */
export function parseApiListQuery(params: URLSearchParams): { status?: DeliveryStatus; eventType?: string; limit: number; offset: number } {
  const status = params.get("status");
  if (status !== null && !(DELIVERY_STATUSES as readonly string[]).includes(status)) throw new AppError("bad_request", "Invalid status filter");
  const limitRaw = params.get("limit");
  let limit = 20;
  if (limitRaw !== null) {
    if (!/^\d+$/.test(limitRaw.trim()) || Number(limitRaw) < 1 || Number(limitRaw) > 100) throw new AppError("bad_request", "limit must be between 1 and 100");
    limit = Number(limitRaw);
  }
  const offsetRaw = params.get("offset");
  let offset = 0;
  if (offsetRaw !== null) {
    if (!/^\d+$/.test(offsetRaw.trim()) || !Number.isSafeInteger(Number(offsetRaw))) throw new AppError("bad_request", "offset must be a non-negative integer");
    offset = Number(offsetRaw);
  }
  const eventType = params.get("event_type") || undefined;
  return { status: (status ?? undefined) as DeliveryStatus | undefined, eventType, limit, offset };
}

export async function listDeliveriesApi(ctx: Ctx, q: ReturnType<typeof parseApiListQuery>) {
  const db = ctx.db;
  const where: Prisma.DeliveryWhereInput = { status: q.status, eventType: q.eventType };
  const [total, rows] = await Promise.all([
    db.delivery.count({ where }),
    db.delivery.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: q.offset, take: q.limit }),
  ]);
  return {
    events: rows.map(apiDeliveryView),
    pagination: { total, limit: q.limit, offset: q.offset, has_more: q.offset + q.limit < total },
  };
}

const HTTP_CLASS_RANGES = { "2xx": [200, 300], "3xx": [300, 400], "4xx": [400, 500], "5xx": [500, 600] } as const;

export function whereOf(f: DeliveryFilters): Prisma.DeliveryWhereInput {
  return {
    status: f.status,
    eventType: f.event_type === undefined ? undefined : prefixRange(f.event_type),
    createdAt: { gte: f.from, lte: f.to },
    isTest: f.kind === undefined ? undefined : f.kind === "test",
    operationId: optionalPrefix(f.operation_id),
    strategyId: optionalPrefix(f.strategy_id),
    responseStatus:
      f.http_status === undefined ? undefined : f.http_status === "none" ? null : { gte: HTTP_CLASS_RANGES[f.http_status][0], lt: HTTP_CLASS_RANGES[f.http_status][1] },
  };
}

export async function listDeliveriesConsole(ctx: Ctx, q: DeliveriesQuery) {
  const db = ctx.db;
  const c = decodeCursor(q.cursor);
  const rows = await db.delivery.findMany({
    where: { AND: [whereOf(q), c ? { OR: [{ createdAt: { lt: c.at } }, { createdAt: c.at, id: { lt: c.id } }] } : {}] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const p = page(rows, q.limit, (r) => ({ at: r.createdAt, id: r.id }));
  return { items: p.items.map(consoleDeliveryView), next_cursor: p.next_cursor };
}

const parseJson = (s: string | null): unknown => {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

export async function getDelivery(ctx: Ctx, id: string) {
  const db = ctx.db;
  const d = await db.delivery.findUnique({ where: { id } });
  if (!d) throw new AppError("not_found", "Delivery not found");
  const [attempts, event] = await Promise.all([
    db.deliveryAttempt.findMany({ where: { deliveryId: id }, orderBy: { number: "asc" } }),
    d.eventId ? db.event.findUnique({ where: { id: d.eventId } }) : null,
  ]);
  return {
    delivery: { ...consoleDeliveryView(d), payload: d.payload },
    attempts: attempts.map((a) => ({
      number: a.number,
      started_at: a.startedAt.toISOString(),
      duration_ms: a.durationMs,
      url: a.url,
      request_headers: parseJson(a.requestHeaders) as Record<string, string>,
      request_body: a.requestBody,
      response_status: a.responseStatus,
      response_headers: parseJson(a.responseHeaders) as Record<string, string> | null,
      response_body: a.responseBody,
      error: a.error,
      outcome: a.outcome,
      next_attempt_at: a.nextAttemptAt?.toISOString() ?? null,
    })),
    event: event
      ? {
          id: event.id,
          provider: event.provider,
          external_id: event.externalId,
          type: event.type,
          subject_type: event.subjectType,
          subject_id: event.subjectId,
          received_at: event.receivedAt.toISOString(),
        }
      : null,
    entity: d.operationId ? { kind: "operation" as const, id: d.operationId } : d.strategyId ? { kind: "strategy" as const, id: d.strategyId } : null,
  };
}

/**
 * Retry one delivery now. failed or delivered → pending with a fresh schedule; pending → its
 * next attempt is moved to now. Test deliveries are one-shot.
 */
export async function retryDelivery(ctx: Ctx, id: string) {
  const { db, now } = ctx;
  const d = await db.delivery.findUnique({ where: { id }, select: { id: true, status: true, isTest: true } });
  if (!d) throw new AppError("not_found", "Delivery not found");
  if (d.isTest) throw new AppError("bad_request", "Test deliveries are not retried; send a new test webhook");
  const r =
    d.status === "pending"
      ? await db.delivery.updateMany({ where: { id, status: "pending" }, data: { nextAttemptAt: now } })
      : await db.delivery.updateMany({ where: { id, status: d.status }, data: restart(now) });
  if (r.count !== 1) throw new AppError("bad_request", "Delivery changed while retrying; reload and try again");
  const after = await db.delivery.findUniqueOrThrow({ where: { id } });
  await audit(ctx, { action: "delivery.retry", target: id, detail: { from_status: d.status } });
  return { delivery: consoleDeliveryView(after) };
}

function restart(now: Date) {
  return { status: "pending", scheduleAttempts: 0, nextAttemptAt: now, failedReason: null, deliveredAt: null, claimToken: null, claimedAt: null };
}

/** Bulk retry with the list filters. Status defaults to failed; pending ones are already queued. */
export async function retryDeliveries(ctx: Ctx, f: DeliveryFilters) {
  const { db, now } = ctx;
  if (f.status === "pending") throw new AppError("bad_request", "Pending deliveries are already queued; retry failed or delivered ones");
  if (f.kind === "test") throw new AppError("bad_request", "Test deliveries are not retried");
  const filter = { ...f, status: f.status ?? "failed" };
  const r = await db.delivery.updateMany({ where: { ...whereOf(filter), isTest: false }, data: restart(now) });
  await audit(ctx, { action: "delivery.retry_bulk", target: "deliveries", detail: { filter, count: r.count } });
  return { retried: r.count };
}
