// Reads and retries of the delivery log, shared by the §3 API and the console.
import type { Ctx } from "@/lib/auth/actor";
import { audit } from "@/lib/server/audit/record";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { AppError } from "@/lib/errors";
import {
  DELIVERY_COUNT_CAP,
  DELIVERY_STATUSES,
  WEBHOOKS_MAX_OFFSET,
  type ConsoleDeliveryStatus,
  type DeliveriesQuery,
  type DeliveryFilters,
  type DeliveryStatus,
} from "@/lib/schemas/relay";
import type { z } from "zod";
import type { DeliveryAttempt, DeliveryCounts, DeliveryDetail, DeliverySubject, DeliverySummary, deliveriesPageSchema, retryBulkSchema, retryOneSchema } from "@/lib/schemas/deliveries";
import type { RelayBody } from "@/lib/schemas/settings";
import { optionalPrefix, prefixRange } from "@/lib/server/prefix";
import { keyset, page } from "@/lib/server/cursor";
import { pageByTypes, typesUnder } from "@/lib/server/type-prefix";
import { MAX_ATTEMPTS } from "./schedule";

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

/** What a delivery belongs to: the source event's subject when it is one the console shows. */
type EventSubject = { id: string; subjectType: string | null; subjectId: string | null };

export function subjectOf(d: Pick<DeliveryRow, "operationId" | "strategyId">, e: EventSubject | null | undefined): DeliverySubject | null {
  if (e?.subjectId && (e.subjectType === "operation" || e.subjectType === "execution" || e.subjectType === "trader")) return { kind: e.subjectType, id: e.subjectId };
  if (d.operationId) return { kind: "operation", id: d.operationId };
  if (d.strategyId) return { kind: "strategy", id: d.strategyId };
  return null;
}

export function consoleStatusOf(d: Pick<DeliveryRow, "status" | "scheduleAttempts">): ConsoleDeliveryStatus {
  if (d.status === "pending") return d.scheduleAttempts > 0 ? "failing" : "pending";
  return d.status as ConsoleDeliveryStatus;
}

/** The console's row: the API fields plus what the pages filter and link on. */
export function consoleDeliveryView(d: DeliveryRow, event?: EventSubject | null): DeliverySummary {
  return {
    ...apiDeliveryView(d),
    status: d.status as DeliveryStatus,
    console_status: consoleStatusOf(d),
    schedule_attempts: d.scheduleAttempts,
    max_attempts: MAX_ATTEMPTS,
    subject: subjectOf(d, event),
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
    // An OFFSET reads and skips every row before the page: past the cap, narrow the list instead.
    if (offset > WEBHOOKS_MAX_OFFSET) throw new AppError("bad_request", `offset must be at most ${WEBHOOKS_MAX_OFFSET}; narrow the list with status or event_type`);
  }
  const eventType = params.get("event_type") || undefined;
  return { status: (status ?? undefined) as DeliveryStatus | undefined, eventType, limit, offset };
}

export async function listDeliveriesApi(ctx: Ctx, q: ReturnType<typeof parseApiListQuery>) {
  const db = ctx.db;
  const where: Prisma.DeliveryWhereInput = { status: q.status, eventType: q.eventType };
  // The total comes from the tally the database keeps beside Delivery (model DeliveryTally), a few
  // dozen rows whatever the size of the log, instead of a count over every matching delivery.
  const [tally, rows] = await Promise.all([
    db.deliveryTally.aggregate({ where: { status: q.status, eventType: q.eventType }, _sum: { count: true } }),
    db.delivery.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: q.offset, take: q.limit }),
  ]);
  const total = tally._sum.count ?? 0;
  return {
    events: rows.map(apiDeliveryView),
    pagination: { total, limit: q.limit, offset: q.offset, has_more: q.offset + q.limit < total },
  };
}

const HTTP_CLASS_RANGES = { "2xx": [200, 300], "3xx": [300, 400], "4xx": [400, 500], "5xx": [500, 600] } as const;

function statusWhere(s: ConsoleDeliveryStatus | undefined): Prisma.DeliveryWhereInput {
  if (s === "failing") return { status: "pending", scheduleAttempts: { gt: 0 } };
  if (s === "pending") return { status: "pending", scheduleAttempts: 0 };
  return { status: s };
}

export function whereOf(f: DeliveryFilters): Prisma.DeliveryWhereInput {
  return {
    ...statusWhere(f.status),
    eventType: f.event_type === undefined ? undefined : prefixRange(f.event_type),
    createdAt: { gte: f.from, lte: f.to },
    isTest: f.kind === undefined ? undefined : f.kind === "test",
    operationId: optionalPrefix(f.operation_id),
    strategyId: optionalPrefix(f.strategy_id),
    responseStatus:
      f.http_status === undefined ? undefined : f.http_status === "none" ? null : { gte: HTTP_CLASS_RANGES[f.http_status][0], lt: HTTP_CLASS_RANGES[f.http_status][1] },
  };
}

export async function listDeliveriesConsole(ctx: Ctx, q: DeliveriesQuery): Promise<z.output<typeof deliveriesPageSchema>> {
  const db = ctx.db;
  const k = keyset("createdAt", q);
  const find = (where: Prisma.DeliveryWhereInput) => db.delivery.findMany({ where: { AND: [where, k.after] }, orderBy: k.orderBy, take: k.take });
  // an event-type filter walks the (eventType, createdAt) index once per type under the prefix;
  // an HTTP class the (responseStatus, createdAt) index once per status of the class
  const cls = q.http_status === undefined || q.http_status === "none" ? undefined : HTTP_CLASS_RANGES[q.http_status];
  const rows =
    q.event_type !== undefined
      ? await pageByTypes<DeliveryRow>(await typesUnder(db, ctx.env.dbProvider, "Delivery", q.event_type), (d) => d.createdAt, k.take, (t) => find(t === null ? whereOf(q) : { ...whereOf(q), eventType: t }))
      : cls !== undefined
        ? await pageByTypes<DeliveryRow, number>(await responseStatusesIn(ctx, cls), (d) => d.createdAt, k.take, (s) => find(s === null ? whereOf(q) : { ...whereOf(q), responseStatus: s }))
        : await find(whereOf(q));
  const p = page(rows, q.limit, (r) => ({ at: r.createdAt, id: r.id }));
  const events = await subjectsOf(ctx, p.items);
  return { items: p.items.map((d) => consoleDeliveryView(d, d.eventId ? events.get(d.eventId) : null)), next_cursor: p.next_cursor };
}

/**
 * The distinct response statuses stored in [lo, hi), by a skip scan of the (responseStatus,
 * createdAt) index (one seek per status, at most hi - lo). A class filter ordered by createdAt
 * cannot walk one index in that order: PostgreSQL, seeing few 5xx rows, read the whole table and
 * sorted (12.8× slower from 10k to 100k events, issue 12); one ordered walk per status stops at a page.
 */
async function responseStatusesIn(ctx: Ctx, [lo, hi]: readonly [number, number]): Promise<number[]> {
  let n = 0;
  const p = () => (ctx.env.dbProvider === "postgres" ? `$${++n}::int` : "?");
  const sql = `
    WITH RECURSIVE walk(v) AS (
      SELECT (SELECT MIN("responseStatus") FROM "Delivery" WHERE "responseStatus" >= ${p()} AND "responseStatus" < ${p()})
      UNION ALL
      SELECT (SELECT MIN("responseStatus") FROM "Delivery" WHERE "responseStatus" > walk.v AND "responseStatus" < ${p()}) FROM walk WHERE walk.v IS NOT NULL
    )
    SELECT v FROM walk WHERE v IS NOT NULL`;
  const rows = await ctx.db.$queryRawUnsafe<{ v: number | bigint }[]>(sql, lo, hi, hi);
  return rows.map((r) => Number(r.v));
}

/** The source events' subjects of one page of deliveries (one query by primary key, page-sized). */
async function subjectsOf(ctx: Ctx, rows: DeliveryRow[]): Promise<Map<string, EventSubject>> {
  const ids = rows.flatMap((d) => (d.eventId ? [d.eventId] : []));
  if (ids.length === 0) return new Map();
  const events = await ctx.db.event.findMany({ where: { id: { in: ids } }, select: { id: true, subjectType: true, subjectId: true } });
  return new Map(events.map((e) => [e.id, e]));
}

/**
 * Per-tab counts over the list's other filters. Each status is counted on its own with a LIMIT
 * (Prisma's `take` on count), so every count walks the status index and stops at the cap:
 * a tab shows "10,000+" rather than scanning a million rows on every page load.
 */
export async function countDeliveries(ctx: Ctx, f: Omit<DeliveryFilters, "status">): Promise<DeliveryCounts> {
  const take = DELIVERY_COUNT_CAP + 1;
  // ordered as the lists' indexes are ([status, createdAt], [isTest, createdAt], …): unordered,
  // Prisma orders a count with `take` by id, and the planner walked the primary key (or sorted)
  // instead (on 1M deliveries: from=24 h ago 34 → 7 ms, kind=real 57 → 37 ms)
  const count = (status: ConsoleDeliveryStatus) => ctx.db.delivery.count({ where: whereOf({ ...f, status }), orderBy: { createdAt: "desc" }, take });
  // Without filters (the tabs as the page opens) the tally the database keeps beside the log
  // (model DeliveryTally) gives exact counts at any size; only failing, a part of the pending
  // backlog, is counted from rows, and pending is the rest of the tally's pending.
  if (Object.values(f).every((v) => v === undefined)) {
    const [tally, failing] = await Promise.all([
      ctx.db.deliveryTally.groupBy({ by: ["status"], _sum: { count: true } }),
      count("failing"),
    ]);
    if (failing <= DELIVERY_COUNT_CAP) {
      const of = (status: string) => tally.find((t) => t.status === status)?._sum.count ?? 0;
      const counts = { failing, pending: of("pending") - failing, delivered: of("delivered"), failed: of("failed") };
      return { counts: { all: counts.failing + counts.pending + counts.delivered + counts.failed, ...counts }, capped: false, cap: DELIVERY_COUNT_CAP };
    }
  }
  const [failing, pending, delivered, failed] = await Promise.all([count("failing"), count("pending"), count("delivered"), count("failed")]);
  const capped = [failing, pending, delivered, failed].some((n) => n > DELIVERY_COUNT_CAP);
  const cap = (n: number) => Math.min(n, DELIVERY_COUNT_CAP);
  return {
    counts: { all: failing + pending + delivered + failed, failing: cap(failing), pending: cap(pending), delivered: cap(delivered), failed: cap(failed) },
    /** true when some count stopped at `cap` (and `all` is then a lower bound) */
    capped,
    cap: DELIVERY_COUNT_CAP,
  };
}

const parseJson = (s: string | null): unknown => {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

export async function getDelivery(ctx: Ctx, id: string): Promise<DeliveryDetail> {
  const db = ctx.db;
  const d = await db.delivery.findUnique({ where: { id } });
  if (!d) throw new AppError("not_found", "Delivery not found");
  const [attempts, event] = await Promise.all([
    db.deliveryAttempt.findMany({ where: { deliveryId: id }, orderBy: { number: "asc" } }),
    d.eventId ? db.event.findUnique({ where: { id: d.eventId } }) : null,
  ]);
  const subject = subjectOf(d, event);
  return {
    delivery: { ...consoleDeliveryView(d, event), payload: d.payload },
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
      outcome: a.outcome as DeliveryAttempt["outcome"],
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
    subject,
  };
}

/**
 * Retry one delivery now. failed or delivered → pending with a fresh schedule; pending → its
 * next attempt is moved to now. Test deliveries are one-shot.
 */
export async function retryDelivery(ctx: Ctx, id: string): Promise<RelayBody<typeof retryOneSchema>> {
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

/**
 * Bulk retry with the list filters. Status defaults to failed. Failing ones are sent now on their
 * current schedule (as "Send now" does for one); never-tried pending ones are already queued.
 * `dryRun` answers how many match without changing anything (the count shown before confirming).
 */
export async function retryDeliveries(ctx: Ctx, f: DeliveryFilters, dryRun = false): Promise<RelayBody<typeof retryBulkSchema>> {
  const { db, now } = ctx;
  if (f.status === "pending") throw new AppError("bad_request", "Pending deliveries are already queued; retry failing, failed or delivered ones");
  if (f.kind === "test") throw new AppError("bad_request", "Test deliveries are not retried");
  const filter = { ...f, status: f.status ?? "failed" };
  const where = { ...whereOf(filter), isTest: false };
  if (dryRun) return { matching: await db.delivery.count({ where }) };
  const r = await db.delivery.updateMany({ where, data: filter.status === "failing" ? { nextAttemptAt: now } : restart(now) });
  await audit(ctx, { action: "delivery.retry_bulk", target: "deliveries", detail: { filter, count: r.count } });
  return { retried: r.count };
}

/**
 * Bulk retry of selected deliveries, each as the single retry treats it: failed or delivered
 * ones restart their schedule, pending ones are sent now; test deliveries and unknown ids are
 * skipped (the answer says how many were retried).
 */
export async function retryDeliveriesByIds(ctx: Ctx, ids: string[], dryRun = false): Promise<RelayBody<typeof retryBulkSchema>> {
  const { db, now } = ctx;
  const unique = [...new Set(ids)];
  const base = { id: { in: unique }, isTest: false };
  if (dryRun) return { matching: await db.delivery.count({ where: base }) };
  // pending first: the restarted ones become pending and must not be counted twice
  const retried = await db.$transaction(async (tx) => {
    const due = await tx.delivery.updateMany({ where: { ...base, status: "pending" }, data: { nextAttemptAt: now } });
    const done = await tx.delivery.updateMany({ where: { ...base, status: { in: ["failed", "delivered"] } }, data: restart(now) });
    return due.count + done.count;
  });
  await audit(ctx, { action: "delivery.retry_bulk", target: "deliveries", detail: { ids_count: unique.length, count: retried } });
  return { retried };
}
