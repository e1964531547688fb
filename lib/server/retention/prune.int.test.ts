// Retention on the real database of this run: rows past their window go, in batches of the given
// size, oldest first; newer rows, events, deliveries, and the attempts of pending and failed
// deliveries stay.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/lib/db";
import { parseEnv } from "@/lib/env";
import { metrics } from "@/lib/server/metrics/registry";
import { oldestKept, pruneOnce, type PruneTable } from "./prune";
import { createPruner } from "./pruner";

const DAY = 86_400_000;
const NOW = new Date("2026-11-29T12:00:00.000Z");
const ago = (days: number, ms = 0) => new Date(NOW.getTime() - days * DAY - ms);
const env = parseEnv({});

let db: Db;

async function inbound(outcome: string, receivedAt: Date) {
  const id = randomUUID();
  await db.inboundRequest.create({ data: { id, provider: "zerohash", outcome, httpStatus: outcome === "rejected" ? 401 : outcome === "error" ? 503 : 200, receivedAt, headers: "{}", rawBody: "{}" } });
  return id;
}

async function delivery(status: "pending" | "delivered" | "failed", attemptsAt: Date[]) {
  const id = randomUUID();
  await db.delivery.create({
    data: { id, webhookId: id, eventType: "t", source: "zerohash", payload: "{}", status, attempts: attemptsAt.length, nextAttemptAt: status === "pending" ? NOW : null, createdAt: attemptsAt[0] ?? NOW },
  });
  const attempts: string[] = [];
  for (const [i, startedAt] of attemptsAt.entries()) {
    const a = await db.deliveryAttempt.create({
      data: { deliveryId: id, number: i + 1, startedAt, durationMs: 5, url: "https://r.example/", requestHeaders: "{}", requestBody: "{}", outcome: i === attemptsAt.length - 1 ? (status === "pending" ? "retry" : status) : "retry" },
    });
    attempts.push(a.id);
  }
  return { id, attempts };
}

beforeAll(async () => {
  db = await getDb();
});

describe("retention", () => {
  it("prunes rejected rows after 7 days and accepted ones after 30, in batches, oldest first, and keeps the rest", async () => {
    const oldRejected = await Promise.all(Array.from({ length: 7 }, (_, i) => inbound("rejected", ago(8 + i))));
    const oldError = await inbound("error", ago(7, 1000));
    const newRejected = await inbound("rejected", ago(6));
    const oldAccepted = [await inbound("accepted", ago(31)), await inbound("duplicate", ago(40))];
    // accepted rows are kept for 30 days even though they are older than the rejected window
    const keptAccepted = [await inbound("accepted", ago(29)), await inbound("duplicate", ago(8))];
    const event = await db.event.create({ data: { id: randomUUID(), provider: "zerohash", externalId: randomUUID(), type: "t", receivedAt: ago(400), payload: "{}" } });

    const batches: [PruneTable, number][] = [];
    const before = (await metrics().retentionPruned.get()).values.find((v) => v.labels.table === "inbound_rejected")?.value ?? 0;
    const counts = await pruneOnce(db, env, NOW, { batchSize: 3, pause: async () => {}, onBatch: (t, n) => batches.push([t, n]) });
    expect(counts).toEqual({ inbound_rejected: 8, inbound_accepted: 2, delivery_attempts: 0 });
    // 7 rejected in batches of 3 (3, 3, 1), then the error row, then the accepted and the duplicate
    expect(batches).toEqual([
      ["inbound_rejected", 3],
      ["inbound_rejected", 3],
      ["inbound_rejected", 1],
      ["inbound_rejected", 1],
      ["inbound_accepted", 1],
      ["inbound_accepted", 1],
    ]);
    const left = new Set((await db.inboundRequest.findMany({ select: { id: true } })).map((r) => r.id));
    for (const id of [...oldRejected, oldError, ...oldAccepted]) expect(left.has(id)).toBe(false);
    for (const id of [newRejected, ...keptAccepted]) expect(left.has(id)).toBe(true);
    expect(await db.event.findUnique({ where: { id: event.id } })).not.toBeNull();
    expect(await pruneOnce(db, env, NOW, { pause: async () => {} })).toEqual({ inbound_rejected: 0, inbound_accepted: 0, delivery_attempts: 0 });
    expect((await oldestKept(db)).inbound?.toISOString()).toBe(ago(29).toISOString());
    // the pruner counts into /metrics; pruneOnce alone does not
    const pruner = createPruner({ db: async () => db, env: () => env, clock: () => NOW.getTime(), log: () => {}, pause: async () => {} });
    await inbound("rejected", ago(9));
    expect(await pruner.runOnce()).toMatchObject({ inbound_rejected: 1 });
    const after = (await metrics().retentionPruned.get()).values.find((v) => v.labels.table === "inbound_rejected")?.value ?? 0;
    expect(after - before).toBe(1);
    expect(pruner.status()).toMatchObject({ lastRunAt: NOW, lastCounts: { inbound_rejected: 1 }, nextRunAt: null });

    // the overview's tally fold runs after the prune; when it fails, the prune's counts still stand
    // and the failure is logged (the next pass folds again)
    const logs: string[] = [];
    const failingFold = new Proxy(db, {
      get: (target, key, receiver) => (key === "$queryRawUnsafe" ? () => Promise.reject(new Error("fold read failed")) : Reflect.get(target, key, receiver)),
    });
    const second = createPruner({ db: async () => failingFold, env: () => env, clock: () => NOW.getTime(), log: (l) => logs.push(l), pause: async () => {} });
    await inbound("rejected", ago(9));
    expect(await second.runOnce()).toMatchObject({ inbound_rejected: 1 });
    expect(second.status()).toMatchObject({ lastCounts: { inbound_rejected: 1 }, lastError: null });
    expect(logs).toContain("[retention] folding the overview's counts failed (tried again at the next pass): fold read failed");
  });

  it("prunes old attempts of delivered deliveries only; pending and failed deliveries keep theirs, and no delivery goes", async () => {
    const delivered = await Promise.all(Array.from({ length: 4 }, () => delivery("delivered", [ago(35), ago(34)])));
    // interleaved in time with the delivered ones: the walk must step over these and carry on
    const failed = await delivery("failed", [ago(36), ago(35, 1), ago(33)]);
    const pending = await delivery("pending", [ago(40), ago(39)]);
    const recent = await delivery("delivered", [ago(31), ago(29)]);

    const batches: number[] = [];
    const counts = await pruneOnce(db, env, NOW, { batchSize: 2, pause: async () => {}, onBatch: (t, n) => t === "delivery_attempts" && batches.push(n) });
    expect(counts.delivery_attempts).toBe(4 * 2 + 1);
    expect(batches.every((n) => n <= 2)).toBe(true);
    const left = new Set((await db.deliveryAttempt.findMany({ select: { id: true } })).map((a) => a.id));
    for (const d of delivered) for (const a of d.attempts) expect(left.has(a)).toBe(false);
    for (const a of [...failed.attempts, ...pending.attempts]) expect(left.has(a)).toBe(true);
    // only the attempt past the window goes; the recent one stays
    expect(left.has(recent.attempts[0]!)).toBe(false);
    expect(left.has(recent.attempts[1]!)).toBe(true);
    // the deliveries themselves, and the pending work, are untouched
    expect(await db.delivery.count({ where: { id: { in: [...delivered, failed, pending, recent].map((d) => d.id) } } })).toBe(7);
    expect(await db.delivery.findUnique({ where: { id: pending.id } })).toMatchObject({ status: "pending", attempts: 2 });
  });

  it("keeps everything when a window is 0, and a pass ends at its batch budget (the next one carries on)", async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, (_, i) => inbound("rejected", ago(100 + i))));
    const keepAll = parseEnv({ HOOKSCOPE_RETENTION_REJECTED_DAYS: "0", HOOKSCOPE_RETENTION_INBOUND_DAYS: "0", HOOKSCOPE_RETENTION_ATTEMPTS_DAYS: "0" });
    expect(await pruneOnce(db, keepAll, NOW, { pause: async () => {} })).toEqual({ inbound_rejected: 0, inbound_accepted: 0, delivery_attempts: 0 });
    expect(await db.inboundRequest.count({ where: { id: { in: ids } } })).toBe(5);
    expect((await pruneOnce(db, env, NOW, { batchSize: 2, maxBatches: 1, pause: async () => {} })).inbound_rejected).toBe(2);
    expect((await pruneOnce(db, env, NOW, { batchSize: 2, pause: async () => {} })).inbound_rejected).toBe(3);
  });

  it("the loop reports its next pass, runs it, and stops", async () => {
    // the tests above leave rows dated from NOW: on NOW's clock only this test's row is past its window
    // (on the wall clock those rows age past theirs as the calendar moves on)
    const now = NOW.getTime();
    const logs: string[] = [];
    const pruner = createPruner({ db: async () => db, env: () => env, clock: () => now, log: (l) => logs.push(l), firstDelayMs: 50, pause: async () => {} });
    await inbound("rejected", new Date(now - 8 * DAY));
    pruner.start();
    expect(pruner.status().nextRunAt?.getTime()).toBe(now + 50);
    await expect.poll(() => pruner.status().lastRunAt, { timeout: 5000 }).not.toBeNull();
    // the next pass is one interval after this one
    await expect.poll(() => pruner.status().nextRunAt?.getTime(), { timeout: 2000 }).toBe(now + 5 * 60_000);
    expect(logs.join("\n")).toMatch(/pruned 1 rejected/);
    await pruner.stop();
    expect(pruner.status().nextRunAt).toBeNull();
  });
});

describe("where retention shows", () => {
  it("/api/health and the Settings API report the oldest rows kept and this process's next prune", async () => {
    const KEY = "hs_retention_status_key";
    process.env.HOOKSCOPE_API_KEYS = KEY;
    (await import("@/lib/env")).resetEnvCache();
    const oldest = await inbound("accepted", ago(3650));
    const { startPruner, stopPruner } = await import("./pruner");
    const health = (await import("@/app/api/health/route")).GET;
    const settings = (await import("@/app/api/console/settings/retention/route")).GET;

    const before = await (await health()).json();
    const attempt = (await oldestKept(db)).attempt?.toISOString() ?? null;
    expect(before.retention).toEqual({ oldest_inbound_at: ago(3650).toISOString(), oldest_attempt_at: attempt, next_prune_at: null });
    startPruner();
    try {
      const h = await (await health()).json();
      expect(Date.parse(h.retention.next_prune_at)).toBeGreaterThan(Date.now());
      // open and minimal: nothing but times
      expect(Object.keys(h.retention).sort()).toEqual(["next_prune_at", "oldest_attempt_at", "oldest_inbound_at"]);

      const res = await settings(new Request("http://localhost/api/console/settings/retention", { headers: { authorization: `Bearer ${KEY}` } }));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        windows_days: { rejected_inbound: 7, accepted_inbound: 30, delivered_attempts: 30 },
        oldest_inbound_at: ago(3650).toISOString(),
        pruner_here: true,
        next_prune_at: h.retention.next_prune_at,
      });
      expect((await settings(new Request("http://localhost/api/console/settings/retention"))).status).toBe(401);
    } finally {
      await stopPruner();
      await db.inboundRequest.delete({ where: { id: oldest } });
    }
  });
});
