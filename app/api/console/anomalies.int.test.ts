// Persistent anomalies end to end on both databases: raised and cleared by intake, the stuck sweep,
// the list's filters and cursor, acknowledge by role (audited).
import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/auth/actor";
import { getDb, type Db } from "@/lib/db";
import { getEnv, resetEnvCache } from "@/lib/env";
import { uuidv7 } from "@/lib/ids";
import { anomalyPageSchema, type AnomalyView } from "@/lib/schemas/anomalies";
import { reduceExecution } from "@/lib/lifecycle/execution";
import type { ExecutionPayload } from "@/lib/lifecycle/types";
import { acknowledgeAnomalies } from "@/lib/server/anomalies/acknowledge";
import { sweepOnce } from "@/lib/server/anomalies/sweep";
import { raiseAnomaly, syncExecutionAnomalies, syncTraderAnomalies } from "@/lib/server/anomalies/sync";
import { upsertRow } from "@/lib/server/sql/insert";
import { getSqlStore } from "@/lib/server/sql/store";
import { all, lock, type Work } from "@/lib/server/sql/work";
import { createApiKey } from "@/lib/server/relay/api-keys";
import { pipaiStory, type PipaiStoryEvent } from "@/lib/testing/pipai-story";
import { pipaiHeaders, zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory, type StoryEvent } from "@/lib/testing/zerohash-story";

type H = (r: Request, c?: { params: Promise<Record<string, string>> }) => Promise<Response>;
const SECRET = "zh_anomalies_test";
const PIPAI_SUB = "wh_anom01";
const PIPAI_SECRET = "pipai_anomalies_test";
const ADMIN = "hs_anomalies_admin_key";
const MIN = 60_000;
let db: Db;
let ingest: H;
let ingestPipai: H;
let list: H;
let ack: H;
let viewer: string;
let operator: string;

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
  process.env.PIPAI_WEBHOOK_SECRETS = `${PIPAI_SUB}=${PIPAI_SECRET}`;
  process.env.HOOKSCOPE_API_KEYS = ADMIN;
  process.env.HOOKSCOPE_STUCK_SLA = "pricing=5m,settling=15m,awaiting_execution=15m";
  process.env.HOOKSCOPE_LAG_THRESHOLD = "10m";
  resetEnvCache();
  ingest = (await import("@/app/api/webhooks/zerohash/route")).POST as H;
  ingestPipai = (await import("@/app/api/webhooks/pipai/route")).POST as H;
  list = (await import("./anomalies/route")).GET as H;
  ack = (await import("./anomalies/acknowledge/route")).POST as H;
  db = await getDb();
  viewer = (await createApiKey(db, { name: "viewer", role: "viewer", createdBy: "test" })).key;
  operator = (await createApiKey(db, { name: "operator", role: "operator", createdBy: "test" })).key;
});

async function send(ev: StoryEvent, body = ev.body) {
  const res = await ingest(new Request("http://localhost/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, body, secret: SECRET }), body }));
  expect(res.status).toBe(200);
}
async function sendPipai(ev: PipaiStoryEvent) {
  const res = await ingestPipai(new Request("http://localhost/api/webhooks/pipai", { method: "POST", headers: pipaiHeaders({ body: ev.body, secret: PIPAI_SECRET, webhookId: PIPAI_SUB }), body: ev.body }));
  expect(res.status).toBe(200);
}
/** The event with another notification id and some fields replaced (a later or conflicting status). */
const variant = (ev: StoryEvent, over: Record<string, unknown>): StoryEvent => ({ ...ev, notificationId: crypto.randomUUID(), body: JSON.stringify({ ...JSON.parse(ev.body), ...over }) });

const get = async (query: string, key = ADMIN) => {
  const res = await list(new Request(`http://localhost/api/console/anomalies${query}`, { headers: { authorization: `Bearer ${key}` } }));
  return { status: res.status, body: (await res.json()) as unknown };
};
const items = async (query: string): Promise<AnomalyView[]> => {
  const r = await get(query);
  expect(r.status).toBe(200);
  return anomalyPageSchema.parse(r.body).items;
};
const post = (body: unknown, key: string) =>
  ack(new Request("http://localhost/api/console/anomalies/acknowledge", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }));

const ofEntity = (entityId: string) => db.anomaly.findMany({ where: { entityId }, orderBy: { id: "asc" } });
const changesOf = (ref: string) => db.change.findMany({ where: { kind: "anomaly", ref }, orderBy: { id: "asc" } });

describe("anomalies raised and cleared at intake", () => {
  it("an operation known only from its executions, until its own webhook arrives", async () => {
    const { ids, events } = zerohashStory({ start: new Date() });
    await send(events[2]!); // execution awaiting_execution, before any operation event
    const [missing] = await ofEntity(ids.operation);
    expect(missing).toMatchObject({ rule: "operation_missing", entityKind: "operation", provider: "zerohash", operationId: ids.operation, state: "open", clearedAt: null });
    expect((await changesOf(missing!.id)).map((c) => [c.status, c.entity, c.entityId])).toEqual([["raised", "operation", ids.operation]]);
    await send(events[3]!); // a second execution: the open anomaly is not raised twice
    expect(await ofEntity(ids.operation)).toHaveLength(1);

    await send(events[0]!); // the operation's validating
    const [cleared] = await ofEntity(ids.operation);
    expect(cleared).toMatchObject({ id: missing!.id, state: "cleared", openKey: null });
    expect(cleared!.clearedAt).toBeInstanceOf(Date);
    expect((await changesOf(missing!.id)).map((c) => c.status)).toEqual(["raised", "cleared"]);
  });

  it("fills against allocations: at the execution's settlement, or when its operation arrives after it", async () => {
    const { ids, events } = zerohashStory({ start: new Date() });
    const settled = JSON.parse(events[5]!.body) as { instructions: { underlying_currency: string }[] };
    const btcOnly = JSON.stringify({ ...settled, instructions: settled.instructions.filter((i) => i.underlying_currency === "BTC") });
    await send(events[5]!, btcOnly); // settled before any operation event: nothing to check it against
    expect((await ofEntity(ids.ex1)).map((a) => a.rule)).toEqual([]);
    await send(events[0]!); // the operation arrives with its BTC/ETH allocations
    const rows = await ofEntity(ids.ex1);
    expect(rows).toEqual([expect.objectContaining({ rule: "fills_mismatch", severity: "critical", entityKind: "execution", operationId: ids.operation, state: "open" })]);
    expect(rows[0]!.message).toContain("no buy instruction for ETH");

    // the same execution settling after its operation is checked at once; a consistent one is not flagged
    const other = zerohashStory({ start: new Date() });
    await send(other.events[0]!);
    await send(other.events[5]!, btcOnly.replaceAll(ids.ex1, other.ids.ex1).replaceAll(ids.operation, other.ids.operation));
    expect((await ofEntity(other.ids.ex1)).map((a) => a.rule)).toEqual(["fills_mismatch"]);
    const fine = zerohashStory({ start: new Date() });
    await send(fine.events[0]!);
    await send(fine.events[5]!);
    expect(await ofEntity(fine.ids.ex1)).toEqual([]);
  });

  it("an open anomaly takes the finding's severity and message when it grows worse (operation arriving after its settled execution)", async () => {
    const { ids, events } = zerohashStory({ start: new Date() });
    const settled = JSON.parse(events[5]!.body) as { instructions: { underlying_currency: string; price: string }[] };
    // BTC only, its price missing: a warning without the operation, a critical allocation gap with it
    const btcNoPrice = JSON.stringify({ ...settled, instructions: settled.instructions.filter((i) => i.underlying_currency === "BTC").map((i) => ({ ...i, price: "" })) });
    await send(events[5]!, btcNoPrice);
    const [first] = await ofEntity(ids.ex1);
    expect(first).toMatchObject({ rule: "fills_mismatch", severity: "warning", state: "open" });
    expect(first!.message).toContain("lacks price");
    await send(events[0]!);
    const rows = await ofEntity(ids.ex1);
    expect(rows).toEqual([expect.objectContaining({ id: first!.id, rule: "fills_mismatch", severity: "critical", state: "open" })]);
    expect(rows[0]!.message).toContain("no buy instruction for ETH");
    expect((await changesOf(first!.id)).map((c) => c.status)).toEqual(["raised"]);
  });

  it("a trader without its settled enrollment, until the enrollment execution settles", async () => {
    const { ids, events } = zerohashStory({ start: new Date() });
    await send(events[6]!); // trader.created before its enrollment execution
    const [gap] = await ofEntity(ids.trader);
    expect(gap).toMatchObject({ rule: "missed_events", severity: "info", entityKind: "trader", strategyId: ids.strategy, state: "open" });
    expect(gap!.message).toContain("no enrollment execution seen");
    await send(events[0]!);
    await send(events[5]!); // the execution settles with the trader's id
    expect((await ofEntity(ids.trader)).map((a) => [a.rule, a.state])).toEqual([["missed_events", "cleared"]]);
    expect((await changesOf(gap!.id)).map((c) => [c.status, c.entity])).toEqual([["raised", "trader"], ["cleared", "trader"]]);
  });

  it("a second terminal status raises once; events that change nothing write nothing", async () => {
    const { ids, events } = zerohashStory({ start: new Date() });
    for (const ev of events) await send(ev);
    expect(await ofEntity(ids.operation)).toEqual([]);
    const before = await db.change.count({ where: { kind: "anomaly" } });
    await send(variant(events[1]!, {})); // pricing again under another notification id
    expect(await db.change.count({ where: { kind: "anomaly" } })).toBe(before);

    await send(variant(events[7]!, { status: "failed", status_reason: "all_rejected", updated_at: new Date(Date.now() + 10_000).toISOString() }));
    const rows = await ofEntity(ids.operation);
    expect(rows).toEqual([expect.objectContaining({ rule: "two_terminal_statuses", severity: "critical", state: "open", strategyId: ids.strategy })]);
    expect(rows[0]!.message).toContain("failed after settled");
  });

  it("provider lag over the threshold", async () => {
    const { ids, events } = zerohashStory({ start: new Date(Date.now() - 60 * MIN) });
    await send(events[0]!);
    expect(await ofEntity(ids.operation)).toEqual([expect.objectContaining({ rule: "provider_lag", severity: "warning" })]);
    const fresh = zerohashStory({ start: new Date(Date.now() - 5 * MIN) });
    await send(fresh.events[0]!);
    expect(await ofEntity(fresh.ids.operation)).toEqual([]);
  });
});

describe("PipAI anomalies raised and cleared at intake", () => {
  it("a position closed without its open (on the position), a fill after the stop (on the strategy)", async () => {
    const { ids, events } = pipaiStory({ start: new Date() });
    const byType = (t: string) => events.find((e) => e.type === t)!;
    await sendPipai(events[5]!); // position_closed before position_opened
    expect((await ofEntity(ids.position)).map((a) => [a.rule, a.entityKind, a.provider, a.strategyId, a.state])).toEqual([["missed_events", "position", "pipai", ids.strategy, "open"]]);
    expect((await ofEntity(ids.strategy)).map((a) => a.rule)).toEqual(["missed_events"]); // no lifecycle event yet
    await sendPipai(events[4]!); // the open arrives
    expect((await ofEntity(ids.position)).map((a) => a.state)).toEqual(["cleared"]);

    await sendPipai(byType("strategy.created"));
    await sendPipai(byType("strategy.stopped"));
    expect((await ofEntity(ids.strategy)).map((a) => [a.rule, a.state])).toEqual([["missed_events", "cleared"]]);
    const late = JSON.parse(byType("strategy.order_filled").body) as { id: string; created_at: string; data: Record<string, unknown> };
    const after = new Date(Date.now() + 7000_000).toISOString();
    const body = JSON.stringify({ ...late, id: "evt_lateafterstop", created_at: new Date().toISOString(), data: { ...late.data, order_id: "ord_late", filled_at: after } });
    await sendPipai({ id: "evt_lateafterstop", type: "strategy.order_filled", body });
    const open = (await ofEntity(ids.strategy)).filter((a) => a.state === "open");
    expect(open.map((a) => [a.rule, a.entityKind])).toEqual([["fill_after_stop", "strategy"]]);
    expect(open[0]!.message).toContain("order ord_late");
  });
});

describe("the stuck sweep", () => {
  it("raises stuck past the status's SLA once, and clears it when the entity moves on", async () => {
    const start = new Date();
    const { ids, events } = zerohashStory({ start });
    await send(events[0]!);
    await send(events[1]!); // pricing, at start + 1 s
    await send(events[2]!); // execution awaiting_execution, at start + 2 s
    // the sweep looks at every entity: earlier tests' ones may be raised here, not this story's yet
    await sweepOnce(new Date(start.getTime() + 4 * MIN));
    expect(await ofEntity(ids.operation)).toEqual([]);

    await sweepOnce(new Date(start.getTime() + 6 * MIN + 1000));
    const stuck = await ofEntity(ids.operation);
    expect(stuck).toEqual([expect.objectContaining({ rule: "stuck", entityKind: "operation", state: "open" })]);
    expect(stuck[0]!.message).toContain('stuck in "pricing"');
    expect(await ofEntity(ids.ex1)).toEqual([]); // awaiting_execution has 15 minutes
    expect((await changesOf(stuck[0]!.id)).map((c) => c.status)).toEqual(["raised"]);
    // a second pass raises nothing new
    await sweepOnce(new Date(start.getTime() + 7 * MIN));
    expect(await ofEntity(ids.operation)).toHaveLength(1);

    await sweepOnce(new Date(start.getTime() + 16 * MIN));
    expect(await ofEntity(ids.ex1)).toEqual([expect.objectContaining({ rule: "stuck", entityKind: "execution", operationId: ids.operation })]);

    // the operation moves on to settling with a settled execution: pricing's stuck clears ...
    await send(events[4]!);
    await send(events[5]!);
    const later = new Date(start.getTime() + 8 * MIN);
    const c = await sweepOnce(later);
    expect(c.cleared).toBeGreaterThanOrEqual(2);
    expect((await ofEntity(ids.operation)).map((a) => [a.rule, a.state])).toEqual([["stuck", "cleared"]]);
    expect((await ofEntity(ids.ex1)).map((a) => [a.rule, a.state])).toEqual([["stuck", "cleared"]]);

    // ... and settling past its SLA with a terminal execution raises stuck and the gap
    await sweepOnce(new Date(start.getTime() + 20 * MIN));
    expect((await ofEntity(ids.operation)).filter((a) => a.state === "open").map((a) => a.rule).sort()).toEqual(["execution_before_operation_terminal", "stuck"]);

    await send(events[7]!); // settled
    await sweepOnce(new Date(start.getTime() + 21 * MIN));
    expect((await ofEntity(ids.operation)).filter((a) => a.state !== "cleared")).toEqual([]);
  });
});

describe("GET /api/console/anomalies", () => {
  it("filters by state, rule, entity kind, provider and time, newest first, with a cursor", async () => {
    const all = await items("?limit=200");
    expect(all.length).toBeGreaterThanOrEqual(6);
    const raised = all.map((a) => a.raised_at);
    expect([...raised].sort().reverse()).toEqual(raised);
    const expected = (a: AnomalyView) => (a.entity_kind === "trader" ? `/traders/${a.entity_id}` : a.provider === "pipai" ? `/strategies/${a.strategy_id}` : `/operations/${a.operation_id}`);
    expect(all.every((a) => a.href === expected(a))).toBe(true);

    const cleared = await items("?state=cleared");
    expect(cleared.length).toBeGreaterThan(0);
    expect(cleared.every((a) => a.state === "cleared" && a.cleared_at !== null)).toBe(true);
    expect((await items("?state=open")).every((a) => a.state === "open")).toBe(true);
    expect((await items("?rule=stuck")).every((a) => a.rule === "stuck")).toBe(true);
    const execs = await items("?entity_kind=execution");
    expect(execs.length).toBeGreaterThan(0);
    expect(execs.every((a) => a.entity_kind === "execution" && a.href === `/operations/${a.operation_id}`)).toBe(true);
    const pipai = await items("?provider=pipai");
    expect(pipai.map((a) => a.entity_kind).sort()).toEqual(["position", "strategy", "strategy"]);
    expect((await items("?provider=pipai&entity_kind=position&state=cleared")).map((a) => a.rule)).toEqual(["missed_events"]);
    expect(await items(`?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)).toEqual([]);
    expect((await items(`?to=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}&from=2020-01-01T00:00:00Z`)).length).toBe(all.length);

    // walk every page of 2: the same rows in the same order, none twice
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const r = anomalyPageSchema.parse((await get(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`)).body);
      walked.push(...r.items.map((a) => a.id));
      cursor = r.next_cursor;
    } while (cursor);
    expect(walked).toEqual(all.map((a) => a.id));
  });

  it("refuses bad filters with 400, answers viewers", async () => {
    for (const q of ["?state=closed", "?entity_kind=trader_x", "?rule=Not%20A%20Rule", "?from=yesterday", "?limit=0", "?cursor=garbage"]) {
      expect((await get(q)).status, q).toBe(400);
    }
    expect((await get("?limit=1", viewer)).status).toBe(200);
    expect((await get("", "not-a-key")).status).toBe(401);
  });
});

describe("POST /api/console/anomalies/acknowledge", () => {
  it("viewers get 403 (audited as denied); operators acknowledge with a note (audited with the count)", async () => {
    const open = await items("?state=open");
    expect(open.length).toBeGreaterThanOrEqual(2);
    const ids = open.slice(0, 2).map((a) => a.id);

    const denied = await post({ ids, note: "looking into it" }, viewer);
    expect(denied.status).toBe(403);
    expect(await db.auditLog.count({ where: { action: "access.denied", target: "POST /api/console/anomalies/acknowledge" } })).toBe(1);

    const ok = await post({ ids: [...ids, "no-such-anomaly"], note: "known provider incident" }, operator);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ acknowledged: 2, skipped: ["no-such-anomaly"] });
    const acked = await items("?state=acknowledged");
    expect(acked.map((a) => a.id).sort()).toEqual([...ids].sort());
    expect(acked[0]).toMatchObject({ note: "known provider incident", acknowledged_by: expect.stringContaining("operator"), acknowledged_at: expect.any(String), cleared_at: null });
    expect((await items("?state=open")).some((a) => ids.includes(a.id))).toBe(false);
    const audit = await db.auditLog.findMany({ where: { action: "anomaly.acknowledge" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ result: "success", role: "operator", target: "2 anomalies" });
    expect(JSON.parse(audit[0]!.detail!)).toMatchObject({ count: 2, skipped: 1, note: "known provider incident" });
    expect((await db.change.findMany({ where: { kind: "anomaly", ref: { in: ids }, status: "acknowledged" } })).length).toBe(2);

    // again: nothing left to acknowledge
    expect(await (await post({ ids, note: "again" }, operator)).json()).toEqual({ acknowledged: 0, skipped: ids });
  });

  it("refuses a bad body with 400", async () => {
    const id = (await items("?limit=1"))[0]!.id;
    const bad = [{ ids: [], note: "x" }, { ids: [id], note: "" }, { ids: [id], note: "  " }, { ids: [id], note: "x".repeat(1001) }, { ids: Array.from({ length: 501 }, (_, i) => `id${i}`), note: "x" }, { ids: [id] }, { ids: [id], note: "x", extra: true }, { ids: [id], note: "a\u0000b" }, { ids: [`${id}\u0000`], note: "x" }, { ids: ["x".repeat(65)], note: "x" }];
    for (const b of bad) expect((await post(b, operator)).status, JSON.stringify(b).slice(0, 60)).toBe(400);
    // a note over several lines is text
    expect((await post({ ids: [id], note: "line one\n\tline two" }, operator)).status).toBe(200);
  });
});

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
const bound = <T extends object>(o: T, k: string | symbol) => {
  const v = Reflect.get(o, k) as unknown;
  return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(o) : v;
};
/** `db` whose acknowledge transaction runs `between` (in the same transaction) right after its first read of the anomalies: what a concurrent writer does between the read and the update. */
function writeBetween(db: Db, between: (tx: Tx) => Promise<unknown>): Db {
  let done = false;
  const onTx = (tx: Tx) =>
    new Proxy(tx, {
      get: (t, k) =>
        k !== "anomaly"
          ? bound(t, k)
          : new Proxy(t.anomaly, {
              get: (m, op) =>
                op !== "findMany"
                  ? bound(m, op)
                  : async (args: Parameters<Tx["anomaly"]["findMany"]>[0]) => {
                      const rows = await m.findMany(args);
                      if (!done) await between(t);
                      done = true;
                      return rows;
                    },
            }),
    });
  return new Proxy(db, {
    get: (d, k) => (k === "$transaction" ? (fn: (tx: Tx) => Promise<unknown>) => d.$transaction((tx) => fn(onTx(tx))) : bound(d, k)),
  }) as Db;
}

describe("acknowledge racing a clear or another acknowledgement", () => {
  const raise = async () => {
    const id = uuidv7();
    const entityId = `race-${id}`;
    await db.anomaly.create({ data: { id, rule: "missed_events", severity: "info", provider: "zerohash", entityKind: "trader", entityId, message: "m", raisedAt: new Date(), openKey: `trader:${entityId}:missed_events` } });
    return id;
  };
  const ctxOf = (d: Db) => ({ db: d, actor: cliActor("racing operator"), env: getEnv(), now: new Date() });

  it("an anomaly cleared between the read and the update stays cleared (acknowledged, with its note)", async () => {
    const [open, clearing] = [await raise(), await raise()];
    const racing = writeBetween(db, (tx) => tx.anomaly.update({ where: { id: clearing }, data: { clearedAt: new Date(), state: "cleared", openKey: null } }));
    expect(await acknowledgeAnomalies(ctxOf(racing), { ids: [open, clearing], note: "on it" })).toEqual({ acknowledged: 2, skipped: [] });
    expect(await db.anomaly.findUnique({ where: { id: clearing } })).toMatchObject({ state: "cleared", note: "on it", acknowledgedAt: expect.any(Date) });
    expect(await db.anomaly.findUnique({ where: { id: open } })).toMatchObject({ state: "acknowledged", note: "on it", clearedAt: null });
    expect((await changesOf(clearing)).map((c) => c.status)).toEqual(["cleared"]);
    expect((await changesOf(open)).map((c) => c.status)).toEqual(["acknowledged"]);
  });

  it("one acknowledged by someone else in between: 409, nothing written", async () => {
    const [a, b] = [await raise(), await raise()];
    const racing = writeBetween(db, (tx) => tx.anomaly.update({ where: { id: b }, data: { acknowledgedAt: new Date(), acknowledgedBy: "someone", note: "mine", state: "acknowledged" } }));
    await expect(acknowledgeAnomalies(ctxOf(racing), { ids: [a, b], note: "on it" })).rejects.toMatchObject({ code: "conflict" });
    // two ids made in one millisecond need not sort in the order they were made
    expect(await db.anomaly.findMany({ where: { id: { in: [a, b] } }, orderBy: { id: "asc" } })).toEqual(
      [a, b].sort().map((id) => expect.objectContaining({ id, state: "open", acknowledgedAt: null })),
    );
  });
});

// PostgreSQL runs intake transactions side by side (SQLite's are serial): a transaction that has
// written an anomaly and not committed yet must not be missed by the projection that clears it.
describe.skipIf(process.env.HOOKSCOPE_TEST_DB !== "postgres")("intake transactions of related entities at once (PostgreSQL)", () => {
  /** Runs `work` in an intake transaction that stays open for `ms` after it; resolves `written` once the work has run. */
  function heldOpen(work: () => Work<void>, ms = 700) {
    let written!: () => void;
    const ready = new Promise<void>((r) => (written = r));
    const done = getSqlStore().transaction(function* () {
      yield* work();
      written();
      yield* all(`SELECT pg_sleep(${ms / 1000})`);
    });
    return { ready, done };
  }

  it("operation_missing raised by an execution still uncommitted is cleared by its operation's first event", async () => {
    const { ids, events } = zerohashStory({ start: new Date() });
    const ev = events[2]!;
    const r = reduceExecution([{ notificationId: ev.notificationId, receivedAt: new Date(), payload: JSON.parse(ev.body) as ExecutionPayload }])!;
    const tx = heldOpen(() => syncExecutionAnomalies(r, new Date()));
    await tx.ready;
    await send(events[0]!); // the operation's validating, while the execution's transaction is open
    await tx.done;
    expect((await ofEntity(ids.operation)).map((a) => [a.rule, a.state])).toEqual([["operation_missing", "cleared"]]);
  });

  it("a fills mismatch raised by the operation's first event while an execution waits for that operation's lock is seen, and cleared, by the execution", async () => {
    const { ids, events } = zerohashStory({ start: new Date() });
    const op = JSON.parse(events[0]!.body) as { id: string; strategy_id: string; request_id: string; type: string; allocations: unknown };
    const at = new Date();
    // what the operation's first event does when a settled execution was projected before it
    // (syncOperationAnomalies): its row, and a fills mismatch on that execution, under its lock
    const tx = heldOpen(function* () {
      yield* lock(`operation:${op.id}`);
      yield* upsertRow("Operation", { id: op.id, strategyId: op.strategy_id, requestId: op.request_id, type: op.type, status: "validating", statusReason: "", allocations: JSON.stringify(op.allocations), firstReceivedAt: at, lastReceivedAt: at });
      yield* raiseAnomaly({ kind: "execution", id: ids.ex1, provider: "zerohash", operationId: op.id, strategyId: op.strategy_id }, { code: "fills_mismatch", severity: "critical", message: "raised by the operation's transaction" }, at);
    });
    await tx.ready;
    // the execution's settlement, matching the allocations: it reads its open anomalies before the
    // operation commits, finds no operation row, waits for the operation's lock, and must read them again
    await send(events[5]!);
    await tx.done;
    expect((await ofEntity(ids.ex1)).map((a) => [a.rule, a.state])).toEqual([["fills_mismatch", "cleared"]]);
  });

  it("the trader gap raised by trader.created still uncommitted is cleared by its settled enrollment", async () => {
    const { ids, events } = zerohashStory({ start: new Date() });
    const t = JSON.parse(events[6]!.body) as { id: string; strategy_id: string; participant_code: string };
    // what the trader projection does (lib/server/projection/zerohash.ts): its lock, then the gap check
    const tx = heldOpen(function* () {
      yield* lock(`trader:${t.id}`);
      yield* syncTraderAnomalies(t, new Date());
    });
    await tx.ready;
    await send(events[0]!);
    await send(events[5]!); // the execution settles with the trader's id, while the trader's transaction is open
    await tx.done;
    expect((await ofEntity(ids.trader)).map((a) => [a.rule, a.state])).toEqual([["missed_events", "cleared"]]);
  });
});
