// The overview's counts come from InboundTally/AttemptTally, kept by triggers (migration
// 20261129201000), its rejection reasons from RejectionTally (migration 20261206120000) and its
// open anomalies from AnomalyTally (migration 20261207010000): on both databases they must equal a
// count of the rows in each bucket, at bucket edges, for every range, and after retention deletes
// rows or anomalies change state.
import { beforeAll, describe, expect, it } from "vitest";
import { dbProvider, getDb, type Db } from "@/lib/db";
import { parseEnv } from "@/lib/env";
import { STUCK_COUNT_CAP, type OverviewRange } from "@/lib/schemas/overview";
import { clearAnomaly, raiseAnomaly, type AnomalySubject } from "@/lib/server/anomalies/sync";
import { pruneOnce } from "@/lib/server/retention/prune";
import { createPruner } from "@/lib/server/retention/pruner";
import { getSqlStore } from "@/lib/server/sql/store";
import { testCtx } from "@/lib/testing/ctx";
import { rejectionSums } from "@/lib/testing/tallies";
import { FOLD_GRACE_MS, foldTallies, type FoldMarks } from "./fold";
import { bucketStarts, getOverview } from "./get";

const now = new Date();
let db: Db;
const MIN = 60_000;
// rejection reasons, ten of them so the overview's top 8 cuts some, and rejections without one
const REASONS = [null, ...Array.from({ length: 10 }, (_, i) => `reason_${i % 5 === 0 ? "a" : i}`), "reason_b"];

/** The overview's buckets counted from the rows themselves. */
async function counted(range: OverviewRange) {
  const starts = bucketStarts(now, range);
  const size = starts.length > 1 ? starts[1]!.getTime() - starts[0]!.getTime() : 0;
  return Promise.all(
    starts.map(async (s) => {
      const receivedAt = { gte: s, lt: new Date(s.getTime() + size) };
      const n = (outcome: string) => db.inboundRequest.count({ where: { receivedAt, outcome } });
      const a = (outcome: string) => db.deliveryAttempt.count({ where: { startedAt: receivedAt, outcome } });
      return { inbound: { accepted: await n("accepted"), duplicate: await n("duplicate"), rejected: await n("rejected"), error: await n("error") }, delivered: await a("delivered"), failed: (await a("retry")) + (await a("failed")) };
    }),
  );
}

/** RejectionTally per hour and reason equals the rejected rows (the table, not only the overview). */
async function rejectionTallyAgrees() {
  const { want, got } = await rejectionSums(db);
  expect(want.size).toBeGreaterThan(0);
  expect(got).toEqual(want);
}

async function agree() {
  await rejectionTallyAgrees();
  const ctx = await testCtx({ now });
  for (const range of ["1h", "24h", "7d"] as const) {
    const o = await getOverview(ctx, range);
    const want = await counted(range);
    expect(o.inbound.buckets.map(({ at: _at, ...b }) => b), range).toEqual(want.map((w) => w.inbound));
    expect(o.relay.buckets.map((b) => ({ delivered: b.delivered, failed: b.failed })), range).toEqual(want.map((w) => ({ delivered: w.delivered, failed: w.failed })));
    const total = want.reduce((n, w) => n + w.inbound.accepted + w.inbound.duplicate + w.inbound.rejected + w.inbound.error, 0);
    expect(o.inbound.by_provider.reduce((n, p) => n + p.count, 0), range).toBe(total);
    const reasons = await db.inboundRequest.groupBy({ by: ["reason"], where: { outcome: "rejected", receivedAt: { gte: bucketStarts(now, range)[0]!, lte: now } }, _count: { _all: true } });
    const wantReasons = reasons
      .map((r) => ({ reason: r.reason ?? "(no reason)", count: r._count._all }))
      .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1))
      .slice(0, 8);
    expect(o.attention.rejections, range).toEqual(wantReasons);
  }
}

beforeAll(async () => {
  db = await getDb();
  const delivery = await db.delivery.create({ data: { webhookId: "wh_tally", eventType: "x", source: "zerohash", payload: "{}", status: "delivered" } });
  // times spread over 10 days, some exactly on 5-minute and hour edges, some a millisecond before
  const edge = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  const times = [0, 1, 4, 5, 59, 60, 61, 119, 300, 1439, 1440, 3000, 10_079, 10_080, 14_000].flatMap((m) => [new Date(edge - m * MIN), new Date(edge - m * MIN - 1)]);
  times.push(new Date(now.getTime() - 1000));
  const outcomes = ["accepted", "duplicate", "rejected", "error"];
  let i = 0;
  for (const at of times) {
    const outcome = outcomes[i % 4]!;
    await db.inboundRequest.create({ data: { provider: i % 3 === 0 ? "pipai" : "zerohash", receivedAt: at, outcome, reason: outcome === "rejected" ? REASONS[(i >> 2) % REASONS.length] : null, httpStatus: outcome === "rejected" ? 401 : 200, headers: "{}", rawBody: "" } });
    await db.deliveryAttempt.create({ data: { deliveryId: delivery.id, number: ++i, startedAt: at, durationMs: 5, url: "https://ops.example/hooks", requestHeaders: "{}", requestBody: "{}", outcome: ["delivered", "retry", "failed"][i % 3]! } });
  }
});

describe("overview tallies", () => {
  it("equal the rows in every bucket of every range, edges included", async () => {
    await agree();
  });

  it("still equal them after retention deleted rows", async () => {
    const before = await db.inboundRequest.count();
    const pruned = await pruneOnce(db, { HOOKSCOPE_RETENTION_REJECTED_DAYS: 1, HOOKSCOPE_RETENTION_INBOUND_DAYS: 2, HOOKSCOPE_RETENTION_ATTEMPTS_DAYS: 3 }, now, { pause: async () => {} });
    expect(pruned.inbound_rejected + pruned.inbound_accepted).toBeGreaterThan(0);
    expect(pruned.delivery_attempts).toBeGreaterThan(0);
    expect(await db.inboundRequest.count()).toBe(before - pruned.inbound_rejected - pruned.inbound_accepted);
    await agree();
  });

  it("still equal them after the closed buckets were folded into one row per group, and after more retention and a fold of what it left", async () => {
    const pg = dbProvider() === "postgres";
    const closed = (size: number) => Math.floor((now.getTime() - FOLD_GRACE_MS) / 1000 / size);
    type Row = { size?: number; bucket: number; slot: number; count: number };
    const isClosed = (r: Row) => r.bucket < closed(r.size ?? 3600);
    const all = async (): Promise<Row[]> => [...(await db.inboundTally.findMany()), ...(await db.attemptTally.findMany()), ...(await db.rejectionTally.findMany())];
    const before = await all();
    // the retention test above left zero rows, and on PostgreSQL the triggers spread counts over slots
    expect(before.filter((r) => isClosed(r) && r.count === 0).length).toBeGreaterThan(0);
    if (pg) expect(before.filter((r) => isClosed(r) && r.slot !== 0).length).toBeGreaterThan(0);
    const open = before.filter((r) => !isClosed(r));
    expect(open.length).toBeGreaterThan(0);

    const marks: FoldMarks = new Map();
    const r = await foldTallies(db, dbProvider(), now, marks, new Map(), { pause: async () => {} });
    expect(r.folded).toBe(pg ? before.filter((x) => isClosed(x) && x.slot !== 0).length : 0);
    expect(r.deleted).toBeGreaterThan(0);
    await agree();
    const after = await all();
    // closed buckets: slot 0 only, and no group whose sum is 0; open buckets as they were
    expect(after.filter((x) => isClosed(x) && (x.slot !== 0 || x.count === 0))).toEqual([]);
    expect(after.filter((x) => !isClosed(x))).toEqual(open);
    expect(after.length).toBeLessThan(before.length);
    // a second pass starts where the first ended: nothing to do
    expect(await foldTallies(db, dbProvider(), now, marks, new Map(), { pause: async () => {} })).toEqual({ folded: 0, deleted: 0 });

    // retention deletes rows of folded buckets (on PostgreSQL into slots of their own again); the
    // worker's pass (prune, then fold again up to the cut-off that deleted rows) leaves them folded
    const env = { ...parseEnv({}), HOOKSCOPE_RETENTION_REJECTED_DAYS: 0.5, HOOKSCOPE_RETENTION_INBOUND_DAYS: 0.9, HOOKSCOPE_RETENTION_ATTEMPTS_DAYS: 0.9 };
    const pruner = createPruner({ db: async () => db, env: () => env, clock: () => now.getTime(), log: () => {}, pause: async () => {} });
    const pruned = await pruner.runOnce();
    expect(pruned.inbound_rejected + pruned.inbound_accepted).toBeGreaterThan(0);
    await agree();
    const again = await all();
    expect(again.filter((x) => isClosed(x) && (x.slot !== 0 || x.count === 0))).toEqual([]);
    expect(again.length).toBeLessThan(after.length);
  });

  it("counts as stuck the operations past their status SLA (HOOKSCOPE_STUCK_SLA); an unknown status has no SLA (it is an unknown_status anomaly instead)", async () => {
    const old = new Date(now.getTime() - 3 * 3_600_000);
    const op = (id: string, status: string, updatedAt: Date) =>
      db.operation.create({ data: { id, strategyId: "st_stuck", requestId: `rq_${id}`, type: "top_up", status, statusReason: "", allocations: "[]", updatedAt, firstReceivedAt: updatedAt, lastReceivedAt: updatedAt } });
    await op("op_stuck_pricing", "pricing", old);
    await op("op_stuck_new_status", "a_status_added_later", old);
    await op("op_done", "settled", old);
    await op("op_recent", "pricing", new Date(now.getTime() - 60_000));
    const o = await getOverview(await testCtx({ now }), "24h");
    expect(o.attention.stuck_operations_total).toBe(1);
    expect(o.attention.stuck_operations_capped).toBe(false);
    expect(o.attention.stuck_operations.map((x) => x.id)).toEqual(["op_stuck_pricing"]);

    // each status is read on its own; the list is the oldest of them all, across statuses
    await op("op_stuck_settling", "settling", new Date(now.getTime() - 5 * 3_600_000));
    await op("op_stuck_validating", "validating", new Date(now.getTime() - 4 * 3_600_000));
    const three = await getOverview(await testCtx({ now }), "24h");
    expect(three.attention.stuck_operations_total).toBe(3);
    expect(three.attention.stuck_operations.map((x) => x.id)).toEqual(["op_stuck_settling", "op_stuck_validating", "op_stuck_pricing"]);

    // past the cap the count stops there and says so, even when no one status is past it; the
    // list still shows the oldest ten
    const many = Array.from({ length: STUCK_COUNT_CAP - 1 }, (_, i) => {
      const updatedAt = new Date(old.getTime() + 1000 + i);
      return { id: `op_stuck_many_${String(i).padStart(4, "0")}`, strategyId: "st_stuck", requestId: `rq_many_${i}`, type: "top_up", status: "pricing", statusReason: "", allocations: "[]", updatedAt, firstReceivedAt: updatedAt, lastReceivedAt: updatedAt };
    });
    await db.operation.createMany({ data: many });
    const capped = await getOverview(await testCtx({ now }), "24h");
    expect(capped.attention.stuck_operations_total).toBe(STUCK_COUNT_CAP);
    expect(capped.attention.stuck_operations_capped).toBe(true);
    expect(capped.attention.stuck_operations.map((x) => x.id)).toEqual(["op_stuck_settling", "op_stuck_validating", "op_stuck_pricing", ...many.slice(0, 7).map((m) => m.id)]);
    await db.operation.deleteMany({ where: { strategyId: "st_stuck" } });
  });

  it("count the open anomalies by rule as the rows do, through raise, refresh, acknowledge, clear and delete", async () => {
    const openByRule = async () => {
      const rows = await db.anomaly.groupBy({ by: ["rule"], where: { state: "open" }, _count: { _all: true } });
      return rows.map((r) => ({ rule: r.rule, count: r._count._all })).sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
    };
    const shown = async () => (await getOverview(await testCtx({ now }), "1h")).attention.open_anomalies;
    const store = getSqlStore();
    const subject = (i: number): AnomalySubject => ({ kind: "operation", id: `op_anomaly_${i}`, provider: "zerohash" });
    const raise = (i: number, code: string, message = "found") => store.transaction(() => raiseAnomaly(subject(i), { code, severity: "warning", message }, now));
    for (let i = 0; i < 12; i++) await raise(i, i % 3 === 0 ? "missed_events" : "provider_lag");
    // raised again while open (a no-op, or a refreshed message): no new row, no new count
    await raise(0, "missed_events", "worse now");
    await raise(1, "provider_lag");
    expect(await shown()).toEqual({ total: 12, by_rule: await openByRule() });
    const ids = async (entityId: string) => (await db.anomaly.findFirstOrThrow({ where: { entityId, clearedAt: null } })).id;
    // acknowledged: no longer open
    await db.anomaly.updateMany({ where: { id: { in: [await ids("op_anomaly_1"), await ids("op_anomaly_2")] } }, data: { state: "acknowledged", acknowledgedAt: now } });
    // cleared from open, and from acknowledged
    await store.transaction(() => clearAnomaly(subject(3), "unknown-id", now));
    const third = await ids("op_anomaly_3");
    const second = await ids("op_anomaly_2");
    await store.transaction(() => clearAnomaly(subject(3), third, now));
    await store.transaction(() => clearAnomaly(subject(2), second, now));
    // raised again after it was cleared: a new open row
    await raise(3, "missed_events");
    // and a row deleted while open
    await db.anomaly.delete({ where: { id: await ids("op_anomaly_4") } });
    const want = await openByRule();
    expect(want.reduce((n, r) => n + r.count, 0)).toBe(9);
    expect(await shown()).toEqual({ total: 9, by_rule: want });
  });
});
