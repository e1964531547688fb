import { randomUUID } from "node:crypto";
import { testCtx } from "@/lib/testing/ctx";
import fs from "node:fs";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createDbClient, dbProvider, getDb, type Db } from "@/lib/db";
import { startReceiver } from "@/lib/testing/receiver";
import { zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";
import { retryDelivery } from "./deliveries";
import { updateDestination } from "./destination";
import { relayBody } from "./outbox";
import { signingSecrets } from "./secrets";
import { getSqlStore, type SqlStore } from "@/lib/server/sql/store";
import type { Step, Work } from "@/lib/server/sql/work";
import type { FetchLike } from "./send";
import { claimDue, createWorker } from "./worker";

const SECRET = "zh_worker_test";
let db: Db;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const T0 = Date.now();
const quiet = () => undefined;
const realFsync = fs.fdatasync;

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
  db = await getDb();
  receiver = await startReceiver();
});
afterAll(async () => receiver.close());

beforeEach(async () => {
  await db.deliveryAttempt.deleteMany();
  await db.delivery.deleteMany();
  receiver.hits.length = 0;
  receiver.setHandler(() => ({ status: 200 }));
  await updateDestination(db, { callbackUrl: receiver.url, paused: false });
});

async function addDelivery(at = new Date(T0)) {
  const id = randomUUID();
  const row = await db.delivery.create({
    data: { id, eventId: id, webhookId: id, eventType: "t.test", source: "zerohash", status: "pending", nextAttemptAt: at, createdAt: at, payload: relayBody({ id, type: "t.test", source: "zerohash", createdAt: at, rawPayload: `{"n":"${id}"}` }) },
    select: { id: true },
  });
  return row.id;
}

const worker = (offsetMs: { v: number }, extra: Parameters<typeof createWorker>[0] = {}) =>
  createWorker({ clock: () => T0 + offsetMs.v, log: quiet, ...extra });

const attemptsOf = (id: string) => db.deliveryAttempt.findMany({ where: { deliveryId: id }, orderBy: { number: "asc" } });

describe("relay worker", () => {
  it("relays an ingested event: signed, fails twice, then delivered on the schedule", async () => {
    const story = zerohashStory({ start: new Date(T0 - 60_000) });
    const ev = story.events[0]!;
    const { POST } = await import("@/app/api/webhooks/zerohash/route");
    const res = await POST(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret: SECRET }), body: ev.body }));
    expect(res.status).toBe(200);
    const d = await db.delivery.findFirstOrThrow();
    const event = await db.event.findUniqueOrThrow({ where: { id: d.eventId! } });
    expect(d).toMatchObject({ status: "pending", webhookId: event.id, eventType: ev.payloadType, source: "zerohash", operationId: story.ids.operation, strategyId: story.ids.strategy });

    receiver.setHandler((_h, i) => (i < 2 ? { status: 500, body: "boom" } : { status: 200, body: "ok" }));
    // the delivery is due at the event's receipt time
    const base = d.nextAttemptAt!.getTime() - T0;
    expect(d.nextAttemptAt!.getTime()).toBe(event.receivedAt.getTime());
    const off = { v: base };
    const w = worker(off);
    expect(await w.tick()).toBe(1);
    expect(await w.tick()).toBe(0); // attempt 2 is not due yet
    off.v = base + 999;
    expect(await w.tick()).toBe(0);
    off.v = base + 1_000;
    expect(await w.tick()).toBe(1);
    off.v = base + 5_999;
    expect(await w.tick()).toBe(0);
    off.v = base + 6_000;
    expect(await w.tick()).toBe(1);

    const done = await db.delivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(done).toMatchObject({ status: "delivered", attempts: 3, responseStatus: 200, lastError: null, callbackUrl: receiver.url, claimToken: null });
    expect(done.deliveredAt!.getTime()).toBe(T0 + base + 6_000);
    const attempts = await attemptsOf(d.id);
    expect(attempts.map((a) => [a.number, a.responseStatus, a.outcome])).toEqual([[1, 500, "retry"], [2, 500, "retry"], [3, 200, "delivered"]]);
    expect(attempts[0]!.nextAttemptAt!.getTime()).toBe(T0 + base + 1_000);
    expect(attempts[0]!.responseBody).toBe("boom");
    expect(attempts[0]!.error).toBe("HTTP 500");
    // the stored request never holds a whole signature
    const stored = JSON.parse(attempts[2]!.requestHeaders) as Record<string, string>;
    expect(stored["webhook-signature"]).toMatch(/^v1,\S{6}…$/);

    expect(receiver.hits).toHaveLength(3);
    const [secret] = await signingSecrets(db, new Date());
    for (const hit of receiver.hits) {
      expect(hit.headers["webhook-id"]).toBe(event.id);
      expect(hit.headers["webhook-signature"]).not.toBe(stored["webhook-signature"]);
      const body = new Webhook(secret!).verify(hit.body, hit.headers) as Record<string, unknown>;
      expect(body).toEqual({ id: event.id, type: ev.payloadType, source: "zerohash", created_at: event.receivedAt.toISOString(), data: JSON.parse(ev.body) });
    }
  });

  it("a duplicate inbound event enqueues nothing more", async () => {
    const story = zerohashStory({ start: new Date(T0 - 60_000) });
    const ev = story.events[0]!;
    const { POST } = await import("@/app/api/webhooks/zerohash/route");
    const send = () => POST(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret: SECRET }), body: ev.body }));
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    expect(await db.delivery.count()).toBe(1);
  });

  it("410 stops retrying at once with the reason recorded", async () => {
    const id = await addDelivery();
    receiver.setHandler(() => ({ status: 410 }));
    const off = { v: 0 };
    await worker(off).tick();
    off.v = 86_400_000 * 3;
    expect(await worker(off).tick()).toBe(0);
    expect(await db.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "failed", attempts: 1, responseStatus: 410, failedReason: "Receiver answered 410 Gone; retries stopped", nextAttemptAt: null });
  });

  it("a response the database cannot hold (NUL bytes) is cleaned, and the attempt is counted once", async () => {
    const id = await addDelivery();
    receiver.setHandler(() => ({ status: 200, headers: { "x-odd": "a" }, body: "ok\u0000done" }));
    expect(await worker({ v: 0 }).tick()).toBe(1);
    expect(await db.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "delivered", attempts: 1, claimToken: null });
    const [a] = await attemptsOf(id);
    expect(a).toMatchObject({ number: 1, responseStatus: 200, responseBody: "okdone" });
    expect(receiver.hits).toHaveLength(1);
  });

  it("429 and 503 honour Retry-After", async () => {
    const id = await addDelivery();
    receiver.setHandler((_h, i) => (i === 0 ? { status: 429, headers: { "retry-after": "120" } } : i === 1 ? { status: 503, headers: { "retry-after": new Date(T0 + 120_000 + 300_000).toUTCString() } } : { status: 204 }));
    const off = { v: 0 };
    const w = worker(off);
    await w.tick();
    expect((await db.delivery.findUniqueOrThrow({ where: { id } })).nextAttemptAt!.getTime()).toBe(T0 + 120_000);
    off.v = 119_000;
    expect(await w.tick()).toBe(0);
    off.v = 120_000;
    expect(await w.tick()).toBe(1);
    const next = (await db.delivery.findUniqueOrThrow({ where: { id } })).nextAttemptAt!.getTime();
    // HTTP dates have second resolution
    expect(Math.abs(next - (T0 + 420_000))).toBeLessThan(1_000);
    off.v = 421_000;
    expect(await w.tick()).toBe(1);
    expect((await db.delivery.findUniqueOrThrow({ where: { id } })).status).toBe("delivered");
  });

  it("gives up after the 10th failure, and a manual retry starts a new schedule", async () => {
    const id = await addDelivery();
    receiver.setHandler(() => ({ status: 500 }));
    const off = { v: 0 };
    const w = worker(off);
    for (let i = 0; i < 10; i++) {
      expect(await w.tick()).toBe(1);
      const d = await db.delivery.findUniqueOrThrow({ where: { id } });
      if (d.nextAttemptAt) off.v = d.nextAttemptAt.getTime() - T0;
    }
    const failed = await db.delivery.findUniqueOrThrow({ where: { id } });
    expect(failed).toMatchObject({ status: "failed", attempts: 10, failedReason: "Gave up after 10 attempts", nextAttemptAt: null });
    expect(off.v).toBe(1_000 + 5_000 + 30_000 + 120_000 + 600_000 + 1_800_000 + 7_200_000 + 21_600_000 + 86_400_000);
    off.v += 86_400_000;
    expect(await w.tick()).toBe(0);

    await retryDelivery(await testCtx({ now: new Date(T0 + off.v) }), id);
    receiver.setHandler(() => ({ status: 200 }));
    expect(await w.tick()).toBe(1);
    expect(await db.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "delivered", attempts: 11, failedReason: null });
    expect((await attemptsOf(id)).map((a) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(receiver.hits).toHaveLength(11);
  });

  it("waits while no callback_url is set or while paused, and flows on resume", async () => {
    const id = await addDelivery();
    const off = { v: 0 };
    await updateDestination(db, { callbackUrl: null });
    expect(await worker(off).tick()).toBe(0);
    await updateDestination(db, { callbackUrl: receiver.url, paused: true });
    off.v = 3_600_000;
    expect(await worker(off).tick()).toBe(0);
    expect(receiver.hits).toHaveLength(0);
    expect(await db.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", attempts: 0, claimToken: null });
    await updateDestination(db, { paused: false });
    expect(await worker(off).tick()).toBe(1);
    expect((await db.delivery.findUniqueOrThrow({ where: { id } })).status).toBe("delivered");
  });

  it("a restart in the middle of a schedule resumes it, and stale claims are recovered", async () => {
    const a = await addDelivery();
    receiver.setHandler((_h, i) => (i === 0 ? { status: 502 } : { status: 200 }));
    const off = { v: 0 };
    const first = worker(off);
    await first.tick();
    await first.stop();
    // a brand-new worker (as after a restart) picks the schedule up where it was
    off.v = 1_000;
    expect(await worker(off).tick()).toBe(1);
    expect((await attemptsOf(a)).map((x) => [x.number, x.outcome])).toEqual([[1, "retry"], [2, "delivered"]]);

    // a worker that claimed and died: its claim blocks others until it is stale
    const b = await addDelivery(new Date(T0 + off.v));
    const claimed = await claimDue(getSqlStore(), new Date(T0 + off.v), 10);
    expect(claimed.map((c) => c.id)).toEqual([b]);
    off.v += 30_000;
    expect(await worker(off).tick()).toBe(0);
    off.v += 31_000;
    expect(await worker(off).tick()).toBe(1);
    expect(await db.delivery.findUniqueOrThrow({ where: { id: b } })).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("sends nothing before what it claimed is on disk; a failed sync leaves the claims to go stale", async () => {
    const a = await addDelivery();
    const off = { v: 0 };
    // the default on SQLite: the WAL is fsynced after the claim and before the first byte is sent
    const syncs: number[] = [];
    const spy = vi.spyOn(fs, "fdatasync").mockImplementation(((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
      syncs.push(receiver.hits.length);
      realFsync(fd, cb);
    }) as typeof fs.fdatasync);
    try {
      expect(await worker(off).tick()).toBe(1);
    } finally {
      spy.mockRestore();
    }
    // on SQLite the claim is answered after an fsync, before anything is sent (the attempt's
    // commit is synced afterwards)
    if (dbProvider() === "sqlite") expect(syncs).toEqual([0, 1]);
    else expect(syncs).toEqual([]);
    expect(await db.delivery.findUniqueOrThrow({ where: { id: a } })).toMatchObject({ status: "delivered" });

    // when the sync fails nothing is sent or recorded (that failure stops the process's relay for
    // good: store-fsync.int.test.ts); after a restart the stale claim is retried
    const b = await addDelivery(new Date(T0 + 1_000));
    off.v = 1_000;
    const failing = worker(off, { syncToDisk: () => Promise.reject(new Error("syncing the database to disk failed (EIO)")) });
    await expect(failing.tick()).rejects.toThrow("syncing the database to disk failed (EIO) (1 claimed deliveries not sent)");
    expect(receiver.hits).toHaveLength(1);
    expect(await attemptsOf(b)).toEqual([]);
    expect(await db.delivery.findUniqueOrThrow({ where: { id: b } })).toMatchObject({ status: "pending", attempts: 0, claimToken: expect.any(String) });
    off.v += 61_000;
    expect(await worker(off).tick()).toBe(1);
    expect(await db.delivery.findUniqueOrThrow({ where: { id: b } })).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("a claim lost to a stale takeover records nothing (no second row for an attempt number)", async () => {
    const id = await addDelivery();
    const mine = await claimDue(getSqlStore(), new Date(T0), 10);
    // someone else takes it over as stale and records attempt 1
    const other = await claimDue(getSqlStore(), new Date(T0 + 61_000), 10);
    expect(other.map((c) => c.id)).toEqual([id]);
    expect(other[0]!.token).not.toBe(mine[0]!.token);
    const { attemptDelivery } = await import("./worker");
    const ctx = { url: receiver.url, secrets: await signingSecrets(db, new Date()), clock: () => T0 + 61_000, fetch: (u: string, i: RequestInit) => fetch(u, i), timeoutMs: 5_000, log: quiet };
    expect(await attemptDelivery(getSqlStore(), other[0]!, ctx)).toBe("delivered");
    expect(await attemptDelivery(getSqlStore(), mine[0]!, ctx)).toBe("lost");
    expect((await attemptsOf(id)).map((a) => a.number)).toEqual([1]);
  });

  it("new events are not starved behind a backlog of due retries: each goes out in the pass after it is enqueued", async () => {
    // 1,000 deliveries whose first attempt failed, all due long before any new event
    const backlog = 1_000;
    const old = new Date(T0 - 3_600_000);
    const rows = Array.from({ length: backlog }, (_, i) => {
      const id = randomUUID();
      const at = new Date(old.getTime() + i);
      return { id, eventId: id, webhookId: id, eventType: "t.test", source: "zerohash", status: "pending", attempts: 1, scheduleAttempts: 1, nextAttemptAt: at, createdAt: at, payload: relayBody({ id, type: "t.test", source: "zerohash", createdAt: at, rawPayload: "{}" }) };
    });
    for (let i = 0; i < rows.length; i += 250) await db.delivery.createMany({ data: rows.slice(i, i + 250) });
    const w = worker({ v: 0 }, { batchSize: 20 });
    const fresh: { id: string; enqueuedAfterPass: number }[] = [];
    let passes = 0;
    for (;;) {
      // a new event every fourth pass while the backlog drains
      if (passes % 4 === 1 && passes < 40) fresh.push({ id: await addDelivery(new Date(T0)), enqueuedAfterPass: passes });
      const made = await w.tick();
      passes++;
      // the pass right after a new event was enqueued sent its first attempt
      const last = fresh.at(-1);
      if (last && last.enqueuedAfterPass === passes - 1) expect(await attemptsOf(last.id)).toHaveLength(1);
      if (made === 0) break;
      // while both lanes have work, retries keep at least half of every claim
      if (last && last.enqueuedAfterPass === passes - 1) expect(made).toBe(20);
    }
    expect(fresh).toHaveLength(10);
    expect(await db.delivery.count({ where: { status: { not: "delivered" } } })).toBe(0);
    expect(await db.deliveryAttempt.count()).toBe(backlog + fresh.length);
    // the whole backlog took no more claims than it has deliveries per claim (nothing went round twice)
    expect(passes - 1).toBe(Math.ceil((backlog + fresh.length) / 20));
  });

  it("with both lanes busy a claim takes them in turn; an idle lane leaves the whole claim to the other", async () => {
    const retries: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = await addDelivery(new Date(T0 - 60_000 + i));
      await db.delivery.update({ where: { id }, data: { attempts: 1, scheduleAttempts: 1 } });
      retries.push(id);
    }
    const firsts: string[] = [];
    for (let i = 0; i < 6; i++) firsts.push(await addDelivery(new Date(T0 - 1_000 + i)));
    const store = getSqlStore();
    const ids = (c: { id: string }[]) => c.map((x) => x.id).sort();
    // oldest of each lane first: three of each
    expect(ids(await claimDue(store, new Date(T0), 6))).toEqual([...retries.slice(0, 3), ...firsts.slice(0, 3)].sort());
    expect(ids(await claimDue(store, new Date(T0), 6))).toEqual([...retries.slice(3), ...firsts.slice(3)].sort());
    expect(await claimDue(store, new Date(T0), 6)).toEqual([]);
    // only retries due: the claim is all retries
    await db.delivery.updateMany({ data: { claimToken: null, claimedAt: null } });
    await db.delivery.updateMany({ where: { id: { in: firsts } }, data: { status: "delivered" } });
    expect(ids(await claimDue(store, new Date(T0), 4))).toEqual(retries.slice(0, 4).sort());
  });

  // On PostgreSQL each worker has its own client (its own connections), as separate processes
  // would. better-sqlite3 is synchronous: two connections in one process would block each other's
  // event loop on the busy wait, so on SQLite the two workers share the process's client.
  it("two concurrent workers never send or record an attempt twice", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push(await addDelivery());
    // first try of each delivery fails, the second succeeds: both attempt numbers are contended
    const seen = new Map<string, number>();
    receiver.setHandler((h) => {
      const n = (seen.get(h.headers["webhook-id"]!) ?? 0) + 1;
      seen.set(h.headers["webhook-id"]!, n);
      return { status: n === 1 ? 503 : 200, delayMs: 5 };
    });
    const url = process.env.DATABASE_URL!;
    const pg = dbProvider() === "postgres";
    const clients = pg ? [await createDbClient(url), await createDbClient(url)] : [db, db];
    try {
      const off = { v: 0 };
      const workers = clients.map((c) => worker(off, { db: async () => c, batchSize: 5 }));
      for (let round = 0; round < 40; round++) {
        await Promise.all(workers.map(async (w) => {
          while ((await w.tick()) > 0);
        }));
        if ((await db.delivery.count({ where: { status: "pending" } })) === 0) break;
        off.v += 1_000;
      }
      expect(await db.delivery.count({ where: { status: "delivered" } })).toBe(ids.length);
      const attempts = await db.deliveryAttempt.findMany({ select: { deliveryId: true, number: true } });
      expect(attempts).toHaveLength(ids.length * 2);
      for (const id of ids) expect(attempts.filter((a) => a.deliveryId === id).map((a) => a.number).sort()).toEqual([1, 2]);
      expect(receiver.hits).toHaveLength(ids.length * 2);
      for (const id of ids) expect(seen.get(id)).toBe(2);
    } finally {
      if (pg) await Promise.all(clients.map((c) => c.$disconnect()));
    }
  });
});

/**
 * The process's store, with the transactions of one kind (told by their first statement) failing
 * while `failing(sql)` says so, as a full disk or a lost connection would fail them. `claims` counts
 * the claim statements that ran.
 */
function flakyStore(failing: (firstSql: string) => boolean) {
  const real = getSqlStore();
  const seen = { claims: 0 };
  const store: SqlStore = {
    ...real,
    transaction<R>(work: () => Work<R>): Promise<R> {
      const first = work().next().value as Step | R;
      const sql = first && typeof first === "object" && "sql" in first ? first.sql : "";
      if (sql.startsWith("WITH")) seen.claims++;
      if (failing(sql)) return Promise.reject(new Error("disk I/O error (injected)"));
      return real.transaction(work);
    },
  };
  return { store: () => store, seen };
}

const RECORD = 'UPDATE "Delivery" SET "attempts"';
const CLAIM = "WITH";

describe("relay worker liveness: every claim ends in a recorded attempt or is taken back", () => {
  it("a receiver that never answers is cut at the send timeout; the attempt is recorded and the pass ends", async () => {
    const ids = [await addDelivery(), await addDelivery(), await addDelivery()];
    // holds every request until its signal aborts, as a receiver that accepted and went silent
    const silent: FetchLike = (_url, init) => new Promise((_, reject) => init.signal!.addEventListener("abort", () => reject(init.signal!.reason)));
    expect(await worker({ v: 0 }, { fetch: silent, timeoutMs: 50 }).tick()).toBe(3);
    for (const id of ids) {
      expect(await db.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", attempts: 1, claimToken: null, lastError: "Timed out after 0.05 s", nextAttemptAt: new Date(T0 + 1_000) });
      expect((await attemptsOf(id)).map((a) => [a.number, a.outcome, a.error])).toEqual([[1, "retry", "Timed out after 0.05 s"]]);
    }
  });

  it("a fetch that ignores its abort signal cannot hold the pass either", async () => {
    const id = await addDelivery();
    const never: FetchLike = () => new Promise(() => undefined);
    expect(await worker({ v: 0 }, { fetch: never, timeoutMs: 50 }).tick()).toBe(1);
    expect(await db.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", attempts: 1, claimToken: null, lastError: "Timed out after 0.05 s" });
  });

  it("attempts that cannot be recorded leave their claims held; the same live worker takes them back once stale and records each attempt once", async () => {
    const ids = [await addDelivery(), await addDelivery(), await addDelivery()];
    let failRecords = true;
    const { store, seen } = flakyStore((sql) => failRecords && sql.startsWith(RECORD));
    const lines: string[] = [];
    const off = { v: 0 };
    const w = worker(off, { store, staleClaimMs: 60_000, log: (l) => lines.push(l) });
    w.start(20);
    try {
      // the pass sent all three, then failed to record them: the loop says so and keeps polling
      await vi.waitFor(() => expect(lines.some((l) => l.startsWith("[relay] worker pass failed: disk I/O error (injected)"))).toBe(true), { timeout: 15_000, interval: 10 });
      failRecords = false;
      expect(receiver.hits).toHaveLength(3);
      for (const id of ids) expect(await db.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", attempts: 0, claimToken: expect.any(String) });
      expect(await db.deliveryAttempt.count()).toBe(0);
      // while the claims are younger than the stale time, later passes of the same worker leave them alone
      off.v = 59_999;
      const claimsSoFar = seen.claims;
      await vi.waitFor(() => expect(seen.claims).toBeGreaterThanOrEqual(claimsSoFar + 3), { timeout: 15_000, interval: 10 });
      expect(receiver.hits).toHaveLength(3);
      // once stale, the same worker takes them back, sends them again and records attempt 1 once
      off.v = 60_001;
      await vi.waitFor(async () => expect(await db.delivery.count({ where: { status: "delivered" } })).toBe(3), { timeout: 15_000, interval: 20 });
    } finally {
      await w.stop();
    }
    for (const id of ids) {
      expect((await attemptsOf(id)).map((a) => a.number)).toEqual([1]);
      // sent twice under the same webhook-id: at least once, never lost (decision 0004)
      expect(receiver.hits.filter((h) => h.headers["webhook-id"] === id)).toHaveLength(2);
    }
  });

  it("a claim that fails holds nothing: the next pass of the same worker sends", async () => {
    const id = await addDelivery();
    let failClaims = true;
    const { store } = flakyStore((sql) => failClaims && sql.startsWith(CLAIM));
    const w = worker({ v: 0 }, { store });
    await expect(w.tick()).rejects.toThrow("disk I/O error (injected)");
    expect(await db.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", claimToken: null });
    failClaims = false;
    expect(await w.tick()).toBe(1);
    expect(await db.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "delivered", attempts: 1 });
  });
});

