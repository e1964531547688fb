// Query plans of the console's hot reads, on both databases: every SELECT each service verb sends
// (captured from the driver adapter, lib/testing/query-plans.ts) must reach the growing tables
// through an index, never a full table scan. The data is a few hundred events of simulator traffic
// written by the bench loader; on PostgreSQL enable_seqscan = off makes the planner take any index
// that can serve, so a "Seq Scan" left in a plan means there is none.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbProvider, getDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import type { Ctx } from "@/lib/auth/actor";
import type { Db } from "@/lib/db";
import { alertsQuery, backtestsQuery, eventsQuery, inboundQuery, operationsQuery, strategiesQuery, tradersQuery } from "@/lib/schemas/console";
import { deliveriesQuery, deliveryCountsQuery } from "@/lib/schemas/relay";
import { listAlerts } from "@/lib/server/alerts/list";
import { listBacktests } from "@/lib/server/backtests/list";
import { encodeCursor } from "@/lib/server/cursor";
import { listEvents } from "@/lib/server/events/list";
import { getInbound } from "@/lib/server/inbound/get";
import { listInbound } from "@/lib/server/inbound/list";
import { getOperation } from "@/lib/server/operations/get";
import { listOperations } from "@/lib/server/operations/list";
import { storedEventsQuery, type EventSetOf } from "@/lib/server/projection/events";
import { foldTallies } from "@/lib/server/overview/fold";
import { getOverview } from "@/lib/server/overview/get";
import { countDeliveries, getDelivery, listDeliveriesApi, listDeliveriesConsole, parseApiListQuery } from "@/lib/server/relay/deliveries";
import { search } from "@/lib/server/search/search";
import { getStrategy } from "@/lib/server/strategies/get";
import { listStrategies } from "@/lib/server/strategies/list";
import { indexGrams } from "@/lib/server/strategies/search";
import { getTrader } from "@/lib/server/traders/get";
import { listTraders } from "@/lib/server/traders/list";
import { BENCH_PROVIDER_ENV, bulkLoad } from "@/lib/testing/bulk-load";
import { testCtx } from "@/lib/testing/ctx";
import { fullScans, planCapturingClient } from "@/lib/testing/query-plans";

let plans: Awaited<ReturnType<typeof planCapturingClient>>;
let ctx: Ctx;
const ids = { operation: "", strategy: "", pipaiStrategy: "", trader: "", delivery: "", inbound: "", notification: "", cursorAt: new Date(), cursorId: "" };

beforeAll(async () => {
  Object.assign(process.env, BENCH_PROVIDER_ENV);
  resetEnvCache();
  const now = new Date();
  await bulkLoad({ events: 400, from: new Date(now.getTime() - 8 * 86_400_000), to: now, now, seed: 7, chunk: 200 });
  // the strategies search index, as the worker keeps it
  await indexGrams();
  const db = await getDb();
  const exec = await db.execution.findFirstOrThrow({ where: { status: "settled" } });
  const op = await db.operation.findUniqueOrThrow({ where: { id: exec.operationId } });
  const mid = await db.event.findFirstOrThrow({ orderBy: { receivedAt: "desc" }, skip: 100 });
  Object.assign(ids, {
    operation: op.id,
    strategy: op.strategyId,
    pipaiStrategy: (await db.strategy.findFirstOrThrow({ where: { provider: "pipai" } })).id,
    trader: (await db.trader.findFirstOrThrow()).id,
    delivery: (await db.delivery.findFirstOrThrow({ where: { status: "failed" } })).id,
    inbound: (await db.inboundRequest.findFirstOrThrow({ where: { outcome: "rejected" } })).id,
    notification: mid.externalId,
    cursorAt: mid.receivedAt,
    cursorId: mid.id,
  });
  plans = await planCapturingClient(process.env.DATABASE_URL!);
  ctx = { ...(await testCtx({ now })), db: plans.db };
}, 120_000);

afterAll(async () => {
  await plans?.close();
});

/** Runs `f` with the plan-capturing client; the full scans of growing tables it made, with their SQL. */
async function scansOf(f: (c: Ctx, db: Db) => Promise<unknown>) {
  const captured = await plans.capture((db) => f({ ...ctx, db }, db));
  expect(captured.length).toBeGreaterThan(0);
  return captured.flatMap((p) => fullScans(p.sql, p.plan).map((scan) => `${scan}\n    in: ${p.sql}`));
}

const cursor = () => encodeCursor(ids.cursorAt, ids.cursorId);

const HOT: [string, (c: Ctx) => Promise<unknown>][] = [
  ["operations", (c) => listOperations(c, operationsQuery.parse({}))],
  ["operations by status", (c) => listOperations(c, operationsQuery.parse({ status: "pricing,settling" }))],
  ["operations by type", (c) => listOperations(c, operationsQuery.parse({ type: "top_up" }))],
  ["operations by operation id prefix", (c) => listOperations(c, operationsQuery.parse({ operation_id: ids.operation.slice(0, 8) }))],
  ["operations by strategy", (c) => listOperations(c, operationsQuery.parse({ strategy_id: ids.strategy }))],
  ["operations in a time range", (c) => listOperations(c, operationsQuery.parse({ from: new Date(Date.now() - 3_600_000).toISOString() }))],
  ["operations deep cursor", (c) => listOperations(c, operationsQuery.parse({ cursor: cursor() }))],
  ["operation detail", (c) => getOperation(c, ids.operation)],
  ["traders", (c) => listTraders(c, tradersQuery.parse({}))],
  ["traders by strategy", (c) => listTraders(c, tradersQuery.parse({ strategy_id: ids.strategy }))],
  ["traders by id prefix", (c) => listTraders(c, tradersQuery.parse({ trader_id: ids.trader.slice(0, 8) }))],
  ["trader detail", (c) => getTrader(c, ids.trader)],
  ["strategies", (c) => listStrategies(c, strategiesQuery.parse({}))],
  ["strategies by provider", (c) => listStrategies(c, strategiesQuery.parse({ provider: "pipai" }))],
  ["strategies by status", (c) => listStrategies(c, strategiesQuery.parse({ status: "stopped" }))],
  ["strategies by q", (c) => listStrategies(c, strategiesQuery.parse({ q: ids.pipaiStrategy }))],
  ["strategy detail (pipai)", (c) => getStrategy(c, ids.pipaiStrategy)],
  ["strategy detail (zerohash)", (c) => getStrategy(c, ids.strategy)],
  ["events", (c) => listEvents(c, eventsQuery.parse({}))],
  ["events by provider", (c) => listEvents(c, eventsQuery.parse({ provider: "pipai" }))],
  ["events by type", (c) => listEvents(c, eventsQuery.parse({ type: "strategy.order_filled" }))],
  ["events by type prefix", (c) => listEvents(c, eventsQuery.parse({ type: "backtest." }))],
  ["events by any id", (c) => listEvents(c, eventsQuery.parse({ q: ids.operation }))],
  ["events by notification id", (c) => listEvents(c, eventsQuery.parse({ q: ids.notification }))],
  ["events in a time range", (c) => listEvents(c, eventsQuery.parse({ from: new Date(Date.now() - 3_600_000).toISOString() }))],
  ["events deep cursor", (c) => listEvents(c, eventsQuery.parse({ cursor: cursor() }))],
  ["inbound", (c) => listInbound(c, inboundQuery.parse({}))],
  ["inbound by outcome", (c) => listInbound(c, inboundQuery.parse({ outcome: "rejected" }))],
  ["inbound by provider", (c) => listInbound(c, inboundQuery.parse({ provider: "pipai" }))],
  ["inbound by notification id", (c) => listInbound(c, inboundQuery.parse({ notification_id: ids.notification }))],
  ["inbound detail", (c) => getInbound(c, ids.inbound)],
  ["deliveries", (c) => listDeliveriesConsole(c, deliveriesQuery.parse({}))],
  ["deliveries failed", (c) => listDeliveriesConsole(c, deliveriesQuery.parse({ status: "failed" }))],
  ["deliveries failing", (c) => listDeliveriesConsole(c, deliveriesQuery.parse({ status: "failing" }))],
  ["deliveries by event type", (c) => listDeliveriesConsole(c, deliveriesQuery.parse({ event_type: "backtest." }))],
  ["deliveries by http status", (c) => listDeliveriesConsole(c, deliveriesQuery.parse({ http_status: "5xx" }))],
  ["deliveries by operation", (c) => listDeliveriesConsole(c, deliveriesQuery.parse({ operation_id: ids.operation }))],
  ["deliveries by kind", (c) => listDeliveriesConsole(c, deliveriesQuery.parse({ kind: "test" }))],
  ["delivery counts", (c) => countDeliveries(c, deliveryCountsQuery.parse({}))],
  ["delivery detail", (c) => getDelivery(c, ids.delivery)],
  ["backtests", (c) => listBacktests(c, backtestsQuery.parse({ status: "failed" }))],
  ["alerts", (c) => listAlerts(c, alertsQuery.parse({ kind: "balance_low" }))],
  ["search exact", (c) => search(c, ids.operation)],
  ["search prefix", (c) => search(c, ids.operation.slice(0, 6))],
  ["overview 1h", (c) => getOverview(c, "1h")],
  ["overview 7d", (c) => getOverview(c, "7d")],
  // the worker's fold of closed tally buckets: it looks for work bucket by bucket
  ["tally fold", (c) => foldTallies(c.db, dbProvider(), new Date(), new Map(), new Map(), { pause: async () => {} })],
  ["GET /api/webhooks", (c) => listDeliveriesApi(c, parseApiListQuery(new URLSearchParams("")))],
  ["GET /api/webhooks by status", (c) => listDeliveriesApi(c, parseApiListQuery(new URLSearchParams("status=failed")))],
  ["GET /api/webhooks by event type", (c) => listDeliveriesApi(c, parseApiListQuery(new URLSearchParams("event_type=strategy.order_filled&offset=20")))],
];

describe("query plans of the console's hot reads", () => {
  it("a full scan is caught: a filter on a column without an index", async () => {
    // Event.statusReason has no index: this is the shape of plan the tests below refuse
    const scans = await scansOf((_c, db) => db.event.count({ where: { statusReason: "no index on this column" } }));
    expect(scans.length).toBeGreaterThan(0);
    expect(scans[0]).toMatch(/SCAN (main\.)?Event|Seq Scan on "Event"|Index (Only )?Scan using \S+ on "Event"/);
  });

  it.each(HOT)("%s reads through indexes", async (_name, f) => {
    expect(await scansOf(f)).toEqual([]);
  });
});

// An HTTP class filter in createdAt order: with few 5xx rows PostgreSQL preferred a full scan and a
// sort to a walk of createdAt (issue 12). Each status of the class is read by its own index.
describe("query plan of the deliveries list's http_status filter", () => {
  it("reads each status of the class through (responseStatus, createdAt), and lists what the range filter does", async () => {
    const db = await getDb();
    const at = Date.now();
    for (const [i, responseStatus] of [500, 503, 503, 599, 600, 499].entries())
      await db.delivery.create({ data: { webhookId: `wh_5xx_${i}`, eventType: "x", source: "zerohash", payload: "{}", status: "failed", responseStatus, createdAt: new Date(at - i * 1000) } });
    const all = await listDeliveriesConsole(ctx, deliveriesQuery.parse({ http_status: "5xx", limit: "100" }));
    const want = await db.delivery.findMany({ where: { responseStatus: { gte: 500, lt: 600 } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 100, select: { id: true } });
    expect(all.items.map((d) => d.id)).toEqual(want.map((d) => d.id));
    expect(want.length).toBeGreaterThanOrEqual(4);
    const captured = await plans.capture((db) => listDeliveriesConsole({ ...ctx, db }, deliveriesQuery.parse({ http_status: "5xx" })));
    const reads = captured.filter((p) => /responseStatus/.test(p.sql));
    expect(reads.length).toBeGreaterThan(1);
    for (const p of reads) {
      const plan = p.plan.join("\n");
      expect(plan, p.sql).toMatch(/Delivery_responseStatus_createdAt_idx/);
      expect(plan, p.sql).not.toMatch(/Seq Scan|Sort Method: top-N|SCAN (main\.)?Delivery\b/);
    }
  });
});

// A walk of Strategy's lastReceivedAt index under a LIMIT is no full scan by the rule above, yet a
// substring `q` that matches one strategy reads all of them on that walk (issue 12). The list
// must reach Strategy by its primary key, from the candidates StrategyGram gave.
describe("query plan of the strategies list's q search", () => {
  it("reads Strategy by primary key, not by walking an index", async () => {
    const captured = await plans.capture((db) => listStrategies({ ...ctx, db }, strategiesQuery.parse({ q: ids.pipaiStrategy.slice(2) })));
    const strategy = captured.filter((p) => /FROM [`"](\w+[`"]\.[`"])?Strategy[`"]/.test(p.sql));
    expect(strategy.length).toBeGreaterThan(0);
    for (const p of strategy) {
      const plan = p.plan.join("\n");
      expect(plan, p.sql).toMatch(/SEARCH (main\.)?Strategy USING INDEX sqlite_autoindex_Strategy_1 \(id=\?\)|Index Cond: \(id = ANY|Strategy_pkey/);
      expect(plan, p.sql).not.toMatch(/SCAN (main\.)?Strategy\b|lastReceivedAt_idx/);
    }
    const grams = captured.filter((p) => /[`"]StrategyGram[`"]/.test(p.sql)).map((p) => p.plan.join("\n"));
    expect(grams.length).toBeGreaterThan(0);
    for (const plan of grams) expect(plan).not.toMatch(/SCAN (main\.)?"?StrategyGram"?(?! USING)|Seq Scan on "?StrategyGram/);
    // q's trigrams' counts: one primary-key probe each, never a walk of the counts
    const counts = captured.filter((p) => /[`"]StrategyGramCount[`"]/.test(p.sql)).map((p) => p.plan.join("\n"));
    expect(counts).toHaveLength(1);
    expect(counts[0]).toMatch(/SEARCH c USING (PRIMARY KEY|INDEX sqlite_autoindex_StrategyGramCount_1) \(gram=\?\)|Index Scan using "StrategyGramCount_pkey"/);
    expect(counts[0]).not.toMatch(/SCAN c\b|Seq Scan on "?StrategyGramCount/);
  });
});

// The intake reads a subject's stored events for every new event: a walk of the provider's index
// instead of the subject's own is no full scan by the rule above, yet reads half the table per
// event (quadratic intake). The plan must name the subject's own column, never the provider.
const EVENT_SETS: [string, () => { provider: string; of: EventSetOf; column: RegExp }][] = [
  ["an operation's events", () => ({ provider: "zerohash", of: { subjectType: "operation", subjectId: ids.operation }, column: /subjectId/ })],
  ["a PipAI strategy's events", () => ({ provider: "pipai", of: { strategyId: ids.pipaiStrategy }, column: /strategyId/ })],
  ["a position's events of one strategy", () => ({ provider: "pipai", of: { subjectType: "position", subjectId: "pos_x", strategyId: ids.pipaiStrategy }, column: /subjectId|strategyId/ })],
];

describe("query plans of the intake's event-set reads", () => {
  it.each(EVENT_SETS)("%s are read through the subject's own index", async (_name, make) => {
    const { provider, of, column } = make();
    const q = storedEventsQuery(provider, of);
    let n = 0;
    const sql = process.env.HOOKSCOPE_TEST_DB === "postgres" ? q.sql.replace(/\?/g, () => `$${++n}`) : q.sql;
    const captured = await plans.capture((db) => db.$queryRawUnsafe(sql, ...q.params));
    const plan = captured.flatMap((p) => p.plan).join("\n");
    expect(plan).toMatch(column);
    expect(plan).not.toMatch(/provider_receivedAt|Seq Scan|SCAN (main\.)?"?Event"?\b/);
  });
});

// Capped counts (the overview's stuck operations, the deliveries tabs). Prisma orders a count with
// `take` by the primary key unless told otherwise, so the overview's stuck count gathered every
// stuck operation of a status and sorted them by id before it could stop (SQLite: USE TEMP B-TREE
// FOR ORDER BY; 29 of the overview's 48 ms at 1M events, 14k operations stuck). No full scan by
// the rule above.
describe("query plans of capped counts", () => {
  it("walks [status, updatedAt] in order and stops at the cap, sorting nothing", async () => {
    const captured = await plans.capture((db) => getOverview({ ...ctx, db }, "1h"));
    const counts = captured.filter((p) => /COUNT\(\*\)/i.test(p.sql) && /[`"]Operation[`"]/.test(p.sql));
    expect(counts.length).toBeGreaterThan(0);
    for (const p of counts) {
      const plan = p.plan.join("\n");
      expect(plan, p.sql).toMatch(/Operation_status_updatedAt_idx/);
      expect(plan, p.sql).not.toMatch(/TEMP B-TREE FOR ORDER BY|Sort/);
    }
  });

  it("the deliveries tab counts under a filter walk a createdAt index, not the primary key", async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const captured = await plans.capture((db) => countDeliveries({ ...ctx, db }, deliveryCountsQuery.parse({ from })));
    const counts = captured.filter((p) => /COUNT\(\*\)/i.test(p.sql) && /[`"]Delivery[`"]/.test(p.sql));
    expect(counts.length).toBe(4);
    for (const p of counts) {
      const plan = p.plan.join("\n");
      expect(plan, p.sql).toMatch(/Delivery_\w*createdAt_idx/);
      // PostgreSQL plans both orders alike at this size (a bitmap scan, then a sort of the row or
      // two it expects); SQLite without the order sorted every match (TEMP B-TREE FOR ORDER BY)
      expect(plan, p.sql).not.toMatch(/sqlite_autoindex_Delivery_1|Delivery_pkey|TEMP B-TREE FOR ORDER BY/);
    }
  });
});

// With statistics (ANALYZE, as a long-running database has them) where every trader shares one
// participant code, SQLite rated `participantCode = ?` as matching the whole table and scanned
// Trader for each exact search (4 ms at 32k traders, growing; the bench's simulator enrolls every
// trader as CUST01). Last in this file: the statistics stay for whatever runs after.
describe("query plans of the global search with statistics of a shared participant code", () => {
  it("an exact search reads every kind through indexes", async () => {
    const db = await getDb();
    expect(new Set((await db.trader.findMany({ select: { participantCode: true } })).map((t) => t.participantCode)).size).toBe(1);
    await db.$executeRawUnsafe("ANALYZE");
    expect(await scansOf((c) => search(c, ids.operation))).toEqual([]);
    expect(await scansOf((c) => search(c, "CUST01"))).toEqual([]);
  });
});
