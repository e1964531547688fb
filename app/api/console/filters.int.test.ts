// Id prefixes, multi-status and the trader page's API, on both databases.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";
import { operationDetailSchema } from "@/lib/schemas/operations";
import { strategyDetailSchema } from "@/lib/schemas/strategies";
import { traderDetailSchema } from "@/lib/schemas/traders";
import { consoleJson, parseWith } from "@/lib/testing/wire";

const SECRET = "zh_filters_test";
const KEY = "hs_filters_test_key";
type Get = (r: Request, c?: never) => Promise<Response>;
type GetId = (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response>;
let r: { ingest: (r: Request) => Promise<Response>; operations: Get; traders: Get; trader: GetId; operation: GetId; strategy: GetId; events: Get; deliveries: Get; strategies: Get; inbound: Get };

const story = zerohashStory({ start: new Date() });
// an operation still pricing, of another strategy
const pricing = zerohashStory({ start: new Date(Date.now() - 3_600_000) });
// only execution events of this one arrived: its trader is known from executions alone
const orphan = zerohashStory({ start: new Date(Date.now() - 1_800_000) });

const send = (ev: { payloadType: string; notificationId: string; body: string }) =>
  r.ingest(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret: SECRET }), body: ev.body }));

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
  process.env.HOOKSCOPE_API_KEYS = KEY;
  r = {
    ingest: (await import("@/app/api/webhooks/zerohash/route")).POST,
    operations: (await import("./operations/route")).GET,
    traders: (await import("./traders/route")).GET,
    trader: (await import("./traders/[id]/route")).GET,
    operation: (await import("./operations/[id]/route")).GET,
    strategy: (await import("./strategies/[id]/route")).GET,
    events: (await import("./events/route")).GET,
    deliveries: (await import("./deliveries/route")).GET,
    strategies: (await import("./strategies/route")).GET,
    inbound: (await import("./inbound/route")).GET,
  };
  for (const ev of story.events) expect((await send(ev)).status).toBe(200);
  for (const ev of pricing.events.slice(0, 2)) expect((await send(ev)).status).toBe(200);
  for (const ev of orphan.events.filter((e) => e.payloadType.includes("execution"))) expect((await send(ev)).status).toBe(200);
});

const get = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${KEY}` } });
/** The answer's status and body; a 2xx body is parsed with its route's schema. */
const call = async (fn: Get, path: string) => {
  const req = get(path);
  return consoleJson(req, await fn(req));
};
const ids = (b: { items: { id: string }[] }) => b.items.map((i) => i.id).sort();
const byId = (id: string) => ({ params: Promise.resolve({ id }) });

describe("id prefix filters", () => {
  it("match an 8-character prefix, a longer one and the whole id, on every list", async () => {
    const s = story.ids.strategy;
    for (const p of [s.slice(0, 8), s.slice(0, 13), s]) {
      expect(ids((await call(r.operations, `/api/console/operations?strategy_id=${p}`)).body)).toEqual([story.ids.operation]);
      expect(ids((await call(r.traders, `/api/console/traders?strategy_id=${p}`)).body)).toEqual([story.ids.trader]);
    }
    expect(ids((await call(r.operations, `/api/console/operations?operation_id=${pricing.ids.operation.slice(0, 8)}`)).body)).toEqual([pricing.ids.operation]);
    expect(ids((await call(r.traders, `/api/console/traders?trader_id=${story.ids.trader.slice(0, 9)}`)).body)).toEqual([story.ids.trader]);
    // the events explorer: an execution id prefix finds that execution's events
    const ev = await call(r.events, `/api/console/events?q=${story.ids.ex2.slice(0, 8)}`);
    expect(ev.body.items.map((e: { subject_id: string }) => e.subject_id)).toEqual([story.ids.ex2]);
    // relay deliveries (enqueued for every accepted event): the operation's own, and all of them
    const dl = await call(r.deliveries, `/api/console/deliveries?operation_id=${story.ids.operation.slice(0, 8)}&limit=200`);
    expect(dl.status).toBe(200);
    expect(new Set(dl.body.items.map((d: { operation_id: string }) => d.operation_id))).toEqual(new Set([story.ids.operation]));
    expect(dl.body.items.length).toBe(story.events.filter((e) => !e.payloadType.includes("trader")).length);
    // and by the beginning of an event type
    const opDl = await call(r.deliveries, `/api/console/deliveries?operation_id=${story.ids.operation}&event_type=trade_strategy.operation&limit=200`);
    expect(opDl.body.items.length).toBe(story.events.filter((e) => e.payloadType.includes("operation.")).length);
    expect(new Set(opDl.body.items.map((d: { event_type: string }) => d.event_type)).size).toBe(1);
  });

  it("are exact about the characters after the prefix (no case folding, no wildcards)", async () => {
    const s = story.ids.strategy.slice(0, 8);
    const upper = s.toUpperCase() === s ? null : s.toUpperCase();
    if (upper) expect((await call(r.operations, `/api/console/operations?strategy_id=${upper}`)).body.items).toEqual([]);
    expect((await call(r.operations, `/api/console/operations?strategy_id=${encodeURIComponent("%%%%%%%%")}`)).body.items).toEqual([]);
    expect((await call(r.operations, `/api/console/operations?strategy_id=${"_".repeat(8)}`)).body.items).toEqual([]);
    expect((await call(r.operations, `/api/console/operations?strategy_id=${s}0000000000000000000000000000`)).body.items).toEqual([]);
  });

  it("refuse fewer than 8 characters, control characters and oversized values with a 400 that says why", async () => {
    const short = await call(r.operations, `/api/console/operations?strategy_id=${story.ids.strategy.slice(0, 7)}`);
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/strategy_id needs at least 8 characters/);
    for (const [fn, path] of [
      [r.operations, `/api/console/operations?operation_id=abc%00defghij`],
      [r.traders, `/api/console/traders?trader_id=${"a".repeat(201)}`],
      [r.traders, `/api/console/traders?strategy_id=${"b".repeat(7)}`],
      [r.deliveries, `/api/console/deliveries?strategy_id=abc`],
      [r.events, `/api/console/events?q=${"c".repeat(200)}`],
      [r.events, `/api/console/events?type=trade%00strategy`],
    ] as const) {
      const res = await call(fn, path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe("bad_request");
    }
  });

  it("use an index on both databases (a range, not LIKE)", async () => {
    const db = await getDb();
    const pg = getEnv().dbProvider === "postgres";
    const cases = [
      ['"Operation"', '"id"'],
      ['"Operation"', '"strategyId"'],
      ['"Trader"', '"id"'],
      ['"Execution"', '"traderId"'],
      ['"Event"', '"operationId"'],
    ];
    for (const [table, col] of cases) {
      const where = `${col} >= 'abcdefgh' AND ${col} < 'abcdefgh\uffff'`;
      let plan: string;
      if (pg) {
        // few rows would make a sequential scan cheapest: forbid it, so only an unusable index shows one
        const [, rows] = await db.$transaction([db.$executeRawUnsafe("SET LOCAL enable_seqscan = off"), db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN SELECT * FROM ${table} WHERE ${where}`)]);
        plan = rows.map((x) => x["QUERY PLAN"]).join("\n");
        expect(plan, `${table}.${col}`).not.toMatch(/Seq Scan/);
      } else {
        const rows = await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN SELECT * FROM ${table} WHERE ${where}`);
        plan = rows.map((x) => x.detail).join("\n");
        expect(plan, `${table}.${col}`).toMatch(/SEARCH .* USING (INDEX|PRIMARY KEY|COVERING INDEX)/);
      }
      expect(plan).toMatch(/Index|INDEX/);
    }
  });
});

describe("type and status filters", () => {
  it("match an event type by its beginning", async () => {
    const all = await call(r.events, "/api/console/events?type=trade_strategy&limit=200");
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBe(story.events.length + 2 + orphan.events.filter((e) => e.payloadType.includes("execution")).length);
    const ex = await call(r.events, "/api/console/events?type=trade_strategy.execution&limit=200");
    expect(new Set(ex.body.items.map((e: { type: string }) => e.type))).toEqual(new Set(["trade_strategy.execution.status_changed"]));
    expect((await call(r.events, "/api/console/events?type=strategy.")).body.items).toEqual([]);
  });

  it("page a prefix spanning several types in one newest-first order (one index walk per type, merged)", async () => {
    for (const [list, path] of [
      [r.events, "/api/console/events?type=trade_strategy"],
      [r.deliveries, "/api/console/deliveries?event_type=trade_strategy"],
    ] as const) {
      const whole = (await call(list, `${path}&limit=200`)).body.items.map((i: { id: string }) => i.id);
      expect(whole.length).toBeGreaterThan(5);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const p: { body: { items: { id: string }[]; next_cursor: string | null } } = await call(list, `${path}&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
        paged.push(...p.body.items.map((i) => i.id));
        cursor = p.body.next_cursor;
      } while (cursor);
      expect(paged).toEqual(whole);
    }
  });

  it("take several statuses, comma-separated, and refuse unknown ones", async () => {
    expect(ids((await call(r.operations, "/api/console/operations?status=pricing,settled")).body)).toEqual([story.ids.operation, pricing.ids.operation].sort());
    expect(ids((await call(r.operations, "/api/console/operations?status=pricing")).body)).toEqual([pricing.ids.operation]);
    expect(ids((await call(r.operations, "/api/console/operations?status=settled,,settled")).body)).toEqual([story.ids.operation]);
    const bad = await call(r.operations, "/api/console/operations?status=pricing,bogus");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/unknown status "bogus"/);
    expect((await call(r.operations, "/api/console/operations?status=%00")).status).toBe(400);
    expect((await call(r.strategies, "/api/console/strategies?status=active,stopped")).body.items.length).toBeGreaterThanOrEqual(1);
  });
});

describe("GET /api/console/traders/{id}", () => {
  it("returns the trader, its enrollment, executions and operations", async () => {
    const b = await parseWith(traderDetailSchema, await r.trader(get(`/api/console/traders/${story.ids.trader}`), byId(story.ids.trader)));
    expect(b.trader).toEqual(expect.objectContaining({ id: story.ids.trader, strategy_id: story.ids.strategy, participant_code: "CUST01", anomalies: [] }));
    expect(b.enrollment).toEqual(expect.objectContaining({ execution_id: story.ids.ex1, operation_id: story.ids.operation, operation_known: true, status: "settled" }));
    // CUST02's rejected execution is another participant: not this trader's
    expect(b.executions.map((e: { id: string }) => e.id)).toEqual([story.ids.ex1]);
    expect(b.executions[0]).toEqual(expect.objectContaining({ operation_type: "enrollment", status: "settled" }));
    expect(b.operations.map((o: { id: string; status: string }) => [o.id, o.status])).toEqual([[story.ids.operation, "settled"]]);
  });

  it("serves a trader known only from its executions, with trader null", async () => {
    const b = await parseWith(traderDetailSchema, await r.trader(get(`/api/console/traders/${orphan.ids.trader}`), byId(orphan.ids.trader)));
    expect(b.trader).toBeNull();
    expect(b.enrollment).toEqual(expect.objectContaining({ execution_id: orphan.ids.ex1, operation_known: false }));
    expect(b.operations).toEqual([]);
  });

  it("answers 404 for an unknown, oversized or NUL-carrying id", async () => {
    for (const id of ["00000000-0000-0000-0000-000000000000", "x".repeat(300), "abc\u0000def"]) {
      const res = await r.trader(get(`/api/console/traders/${encodeURIComponent(id)}`), byId(id));
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("not_found");
    }
  });

  it("refuses other methods (the route exports GET only)", async () => {
    const mod = await import("./traders/[id]/route");
    expect(Object.keys(mod).filter((k) => /^[A-Z]+$/.test(k))).toEqual(["GET"]);
  });
});

describe("GET /api/console/operations/{id} known only from its executions", () => {
  it("serves operation null with its executions, and the gap as an anomaly", async () => {
    const b = await parseWith(operationDetailSchema, await r.operation(get(`/api/console/operations/${orphan.ids.operation}`), byId(orphan.ids.operation)));
    expect(b.operation).toBeNull();
    expect(b.transitions).toEqual([]);
    expect(b.executions.length).toBeGreaterThan(0);
    expect(b.anomalies).toEqual([expect.objectContaining({ severity: "warning", message: expect.stringMatching(/^operation events missing/) })]);
  });
});

describe("GET /api/console/strategies/{id} for zerohash", () => {
  it("lists the strategy's operations and traders", async () => {
    const b = await parseWith(strategyDetailSchema, await r.strategy(get(`/api/console/strategies/${story.ids.strategy}`), byId(story.ids.strategy)));
    expect(b.operations.map((o: { id: string }) => o.id)).toEqual([story.ids.operation]);
    expect(b.traders).toEqual([expect.objectContaining({ id: story.ids.trader, participant_code: "CUST01", anomalies: [] })]);
  });
});

describe("cross-links", () => {
  it("an inbound request names the event it stored; the inbound log filters by notification id; an event names its relay delivery", async () => {
    const first = story.events[0]!;
    // the same notification again: a duplicate, pointing at the same event
    expect((await send(first)).status).toBe(200);
    const inb = await call(r.inbound, `/api/console/inbound?notification_id=${first.notificationId}`);
    expect(inb.status).toBe(200);
    expect(inb.body.items.map((i: { outcome: string }) => i.outcome).sort()).toEqual(["accepted", "duplicate"]);
    const eventIds = new Set(inb.body.items.map((i: { event_id: string }) => i.event_id));
    expect(eventIds.size).toBe(1);
    const [eventId] = [...eventIds] as string[];
    const ev = await call(r.events, `/api/console/events?q=${eventId}`);
    expect(ev.body.items).toEqual([expect.objectContaining({ id: eventId, external_id: first.notificationId, operation_id: story.ids.operation, relay_delivery: expect.objectContaining({ status: "pending" }) })]);
    expect(ev.body.items[0].deliveries).toHaveLength(2);
    for (const bad of ["abc%00def", "x".repeat(200)]) expect((await call(r.inbound, `/api/console/inbound?notification_id=${bad}`)).status).toBe(400);
  });
});
