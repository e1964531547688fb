// The intake's own store, against the real database of this run (SQLite or PostgreSQL).
import fs from "node:fs";
import net from "node:net";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "@/lib/db";
import { insertRow } from "./insert";
import { getSqlStore, isUniqueViolation, type SqlStore } from "./store";
import { all, first, lock, receive, send, type Work } from "./work";

let db: Db;
let store: SqlStore;
const realFsync = fs.fdatasync;

beforeAll(async () => {
  db = await getDb();
  store = getSqlStore();
});

const at = new Date("2026-11-23T10:00:00.123Z");

function* inbound(id: string, fail?: "after-write" | "duplicate"): Work<string> {
  yield* insertRow("InboundRequest", { id, provider: "test", receivedAt: at, outcome: "rejected", httpStatus: 400, headers: "{}", rawBody: "" });
  if (fail === "duplicate") yield* insertRow("InboundRequest", { id, provider: "test", receivedAt: at, outcome: "rejected", httpStatus: 400, headers: "{}", rawBody: "" });
  if (fail === "after-write") throw new Error(`work ${id} failed after writing`);
  return id;
}

/** Two inserts, a lock and a read (the first round trip), then an insert and COMMIT (the second). */
function* twoRoundTrips(prefix: string): Work<null> {
  yield* inbound(`${prefix}-0`);
  yield* inbound(`${prefix}-1`);
  yield* lock(prefix);
  yield* first(`SELECT "id" FROM "InboundRequest" WHERE "id" = ?`, [`${prefix}-0`]);
  yield* inbound(`${prefix}-2`);
  return null;
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const stored = async (list: string[]) =>
  (await db.inboundRequest.findMany({ where: { id: { in: list } }, select: { id: true } })).map((r) => r.id).sort();

describe("SqlStore", () => {
  it("transactions started together commit or fail one by one (group commit on SQLite)", async () => {
    const list = ids("batch", 6);
    // started in the same tick: on SQLite they share one BEGIN … COMMIT (a savepoint each once one failed)
    const results = await Promise.allSettled(list.map((id, i) => store.transaction(() => inbound(id, i === 2 ? "after-write" : i === 4 ? "duplicate" : undefined))));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "rejected", "fulfilled"]);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe("work batch-2 failed after writing");
    expect(isUniqueViolation((results[2] as PromiseRejectedResult).reason)).toBe(false);
    expect(isUniqueViolation((results[4] as PromiseRejectedResult).reason)).toBe(true);
    expect((results[0] as PromiseFulfilledResult<string>).value).toBe("batch-0");
    // the failed ones left nothing, not even their first insert; the others are all there
    expect(await stored(list)).toEqual(["batch-0", "batch-1", "batch-3", "batch-5"]);
  });

  it.skipIf(process.env.HOOKSCOPE_TEST_DB === "postgres")("a batch runs each work once when all succeed, and again each in its own savepoint after a failure (SQLite)", async () => {
    const runs = new Map<string, number>();
    const counted = (id: string, fail?: "after-write") => () => {
      runs.set(id, (runs.get(id) ?? 0) + 1);
      return inbound(id, fail);
    };
    const ok = ids("once", 3);
    expect(await Promise.all(ok.map((id) => store.transaction(counted(id))))).toEqual(ok);
    expect(ok.map((id) => runs.get(id))).toEqual([1, 1, 1]);
    const mixed = ids("again", 3);
    const results = await Promise.allSettled(mixed.map((id, i) => store.transaction(counted(id, i === 1 ? "after-write" : undefined))));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    // the first run stopped at the failure and was rolled back whole (the third had not run yet);
    // the second kept the works that succeeded
    expect(mixed.map((id) => runs.get(id))).toEqual([2, 2, 1]);
    expect(await stored(mixed)).toEqual(["again-0", "again-2"]);
  });

  it("a batch that runs long commits what it has and runs the rest next", async () => {
    const list = ids("slow", 4);
    const spin = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const results = await Promise.all(
      list.map((id, i) =>
        store.transaction(function* () {
          if (i === 0) spin(40); // past the batch time limit: the others wait for the next batch
          return yield* inbound(id);
        }),
      ),
    );
    expect(results).toEqual(list);
    expect(await stored(list)).toEqual(list);
  });

  it.skipIf(process.env.HOOKSCOPE_TEST_DB === "postgres")("transactions arriving while an fsync is under way wait for it and commit together (SQLite)", async () => {
    // the first commit's fsync takes 150 ms; three transactions arrive meanwhile, in separate ticks
    let slow = true;
    const spy = vi.spyOn(fs, "fdatasync").mockImplementation(((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
      if (!slow) return realFsync(fd, cb);
      slow = false;
      setTimeout(() => realFsync(fd, cb), 150);
    }) as typeof fs.fdatasync);
    try {
      const before = store.commits();
      const first = store.transaction(() => inbound("gather-0"));
      const later: Promise<string>[] = [];
      for (let i = 1; i <= 3; i++) {
        await new Promise((r) => setTimeout(r, 20));
        later.push(store.transaction(() => inbound(`gather-${i}`)));
      }
      expect(await Promise.all([first, ...later])).toEqual(["gather-0", "gather-1", "gather-2", "gather-3"]);
      // one commit for the first, one for the three that waited (not one each)
      expect(store.commits() - before).toBe(2);
      expect(await stored(ids("gather", 4))).toEqual(ids("gather", 4));
    } finally {
      spy.mockRestore();
    }
  });

  it.skipIf(process.env.HOOKSCOPE_TEST_DB !== "postgres")("pipelines a transaction: it waits only where the work reads and at COMMIT (PostgreSQL)", async () => {
    const before = store.roundTrips!();
    const seen = await store.transaction(function* () {
      yield* insertRow("InboundRequest", { id: "pipe-0", provider: "test", receivedAt: at, outcome: "rejected", httpStatus: 400, headers: "{}", rawBody: "" });
      yield* lock("pipe");
      // sees the insert sent before it, unanswered as it was
      const row = yield* first<{ id: string }>(`SELECT "id" FROM "InboundRequest" WHERE "id" = ?`, ["pipe-0"]);
      yield* insertRow("InboundRequest", { id: "pipe-1", provider: "test", receivedAt: at, outcome: "rejected", httpStatus: 400, headers: "{}", rawBody: "" });
      yield* insertRow("InboundRequest", { id: "pipe-2", provider: "test", receivedAt: at, outcome: "rejected", httpStatus: 400, headers: "{}", rawBody: "" });
      return row?.id;
    });
    expect(seen).toBe("pipe-0");
    // BEGIN, the insert, the lock and the read in one; the two inserts and COMMIT in the other
    expect(store.roundTrips!() - before).toBe(2);
    expect(await stored(ids("pipe", 3))).toEqual(ids("pipe", 3));
  });

  it.skipIf(process.env.HOOKSCOPE_TEST_DB !== "postgres")("sends what a transaction has to say in one socket write per round trip (PostgreSQL)", async () => {
    await store.transaction(() => inbound("corked-warm")); // the pool's connection, and the statement prepared
    const writes = [vi.spyOn(net.Socket.prototype, "_write"), vi.spyOn(net.Socket.prototype, "_writev")];
    try {
      await store.transaction(() => twoRoundTrips("corked"));
      // BEGIN … the read, then the last insert and COMMIT: one write each, not one per protocol message
      expect(writes.reduce((n, w) => n + w.mock.calls.length, 0)).toBe(2);
    } finally {
      for (const w of writes) w.mockRestore();
    }
    expect(await stored(ids("corked", 3))).toEqual(ids("corked", 3));
  });

  it.skipIf(process.env.HOOKSCOPE_TEST_DB !== "postgres")("ends each round trip with one Sync, not one per statement (PostgreSQL)", async () => {
    await store.transaction(() => inbound("sync-warm"));
    // Sync is 'S' and a length of 4; PostgreSQL flushes its answers once per Sync
    const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);
    let syncs = 0;
    const count = (chunk: unknown) => {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      for (let i = b.indexOf(SYNC); i !== -1; i = b.indexOf(SYNC, i + 1)) syncs++;
    };
    const origWrite = net.Socket.prototype._write;
    const origWritev = net.Socket.prototype._writev!;
    net.Socket.prototype._write = function (chunk, enc, cb) {
      count(chunk);
      return origWrite.call(this, chunk, enc, cb);
    };
    net.Socket.prototype._writev = function (chunks, cb) {
      for (const c of chunks) count(c.chunk);
      return origWritev.call(this, chunks, cb);
    };
    try {
      await store.transaction(() => twoRoundTrips("sync"));
    } finally {
      net.Socket.prototype._write = origWrite;
      net.Socket.prototype._writev = origWritev;
    }
    // BEGIN, two inserts, the lock and the read; then the last insert and COMMIT: two round trips
    // (pg's own pipelining ends every extended-protocol statement with a Sync: five here)
    expect(syncs).toBe(2);
    expect(await stored(ids("sync", 3))).toEqual(ids("sync", 3));
  });

  it.skipIf(process.env.HOOKSCOPE_TEST_DB !== "postgres")("a failure inside a batch is the one the work hears; the statements after it did not run, and the connection carries on (PostgreSQL)", async () => {
    const failure = await store
      .transaction(function* () {
        yield* inbound("midbatch-0", "duplicate");
        yield* inbound("midbatch-1");
        yield* first(`SELECT "id" FROM "InboundRequest" WHERE "id" = ?`, ["midbatch-1"]);
        return null;
      })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(failure)).toBe(true);
    expect(await stored(ids("midbatch", 2))).toEqual([]);
    // a statement first met after a failure, in the transaction it aborted: its Prepare is refused
    // with the transaction, and the next transaction that uses it prepares it again
    const fresh = `SELECT "id" FROM "InboundRequest" WHERE "id" = ? /* ${process.pid}-${Date.now()} */`;
    const second = await store
      .transaction(function* () {
        try {
          yield* inbound("midbatch-2", "duplicate");
          yield* first(`SELECT 1 AS "one"`);
        } catch {
          // carry on regardless: the transaction is aborted now
        }
        return yield* first<{ id: string }>(fresh, ["midbatch-2"]);
      })
      .catch((e: unknown) => e as Error);
    expect(String((second as Error).message)).toMatch(/current transaction is aborted/);
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store.transaction(function* () {
          yield* inbound(`midbatch-ok-${i}`);
          return (yield* first<{ id: string }>(fresh, [`midbatch-ok-${i}`]))?.id;
        }),
      ),
    );
    expect(runs).toEqual(ids("midbatch-ok", 12));
  });

  it.skipIf(process.env.HOOKSCOPE_TEST_DB !== "postgres")("receiving a read that is answered already sends nothing: the writes before it wait for COMMIT's socket write (PostgreSQL)", async () => {
    await store.transaction(() => inbound("held-warm"));
    const writes = [vi.spyOn(net.Socket.prototype, "_write"), vi.spyOn(net.Socket.prototype, "_writev")];
    let ahead: string[] = [];
    try {
      await store.transaction(function* () {
        yield* inbound("held-0");
        // a projection's shape: the open anomalies sent ahead, the event set waited for, the entity
        // row written, then the anomalies received (answered in the event set's round trip)
        const sent = yield* send<{ id: string }>(`SELECT "id" FROM "InboundRequest" WHERE "id" = ?`, ["held-0"]);
        yield* first(`SELECT "id" FROM "InboundRequest" WHERE "id" = ?`, ["held-0"]);
        yield* inbound("held-1");
        ahead = (yield* receive(sent)).map((r) => r.id);
        yield* inbound("held-2");
        return null;
      });
      // BEGIN … the read; then both inserts and COMMIT (three writes when the receive sent the first insert alone)
      expect(writes.reduce((n, w) => n + w.mock.calls.length, 0)).toBe(2);
    } finally {
      for (const w of writes) w.mockRestore();
    }
    expect(ahead).toEqual(["held-0"]);
    expect(await stored(ids("held", 3))).toEqual(ids("held", 3));
  });

  it("a read sent ahead runs in its place among the statements and is received later (on PostgreSQL in the next read's round trip)", async () => {
    const row = (id: string) => insertRow("InboundRequest", { id, provider: "test", receivedAt: at, outcome: "rejected", httpStatus: 400, headers: "{}", rawBody: "" });
    const query = `SELECT "id" FROM "InboundRequest" WHERE "id" LIKE 'ahead-%' ORDER BY "id"`;
    const before = store.roundTrips?.();
    const seen = await store.transaction(function* () {
      yield* row("ahead-0");
      const sent = yield* send<{ id: string }>(query);
      yield* row("ahead-1");
      const later = yield* all<{ id: string }>(query);
      yield* row("ahead-2");
      return { sent: (yield* receive(sent)).map((r) => r.id), later: later.map((r) => r.id) };
    });
    // the sent read saw the insert before it, not the one after it
    expect(seen).toEqual({ sent: ["ahead-0"], later: ["ahead-0", "ahead-1"] });
    // BEGIN, the inserts and both reads in one round trip (receiving cost none), the last insert and COMMIT in the other
    if (before !== undefined) expect(store.roundTrips!() - before).toBe(2);
    // received before any later read, it waits for its own answer
    const alone = store.roundTrips?.();
    expect(await store.transaction(function* () {
      const sent = yield* send<{ id: string }>(`SELECT "id" FROM "InboundRequest" WHERE "id" = ?`, ["ahead-2"]);
      return (yield* receive(sent)).map((r) => r.id);
    })).toEqual(["ahead-2"]);
    if (alone !== undefined) expect(store.roundTrips!() - alone).toBe(2);
    // outside a transaction as well
    expect(await store.execute(function* () {
      return (yield* receive(yield* send<{ id: string }>(`SELECT "id" FROM "InboundRequest" WHERE "id" = ?`, ["ahead-1"]))).map((r) => r.id);
    })).toEqual(["ahead-1"]);
  });

  it("a read sent ahead after a failing write is received as that write's failure, not as the abort that followed", async () => {
    await store.transaction(() => inbound("ahead-fail-0"));
    const failed = store.transaction(function* () {
      yield* insertRow("InboundRequest", { id: "ahead-fail-0", provider: "test", receivedAt: at, outcome: "rejected", httpStatus: 400, headers: "{}", rawBody: "" });
      const sent = yield* send(`SELECT "id" FROM "InboundRequest" WHERE "id" = ?`, ["ahead-fail-0"]);
      return yield* receive(sent);
    });
    expect(isUniqueViolation(await failed.then(() => null, (x: unknown) => x))).toBe(true);
  });

  it("a pipelined write that fails fails its transaction with its own error, not the ones it aborted", async () => {
    await store.transaction(() => inbound("first-fail-0"));
    const failed = store.transaction(function* () {
      yield* insertRow("InboundRequest", { id: "first-fail-1", provider: "test", receivedAt: at, outcome: "rejected", httpStatus: 400, headers: "{}", rawBody: "" });
      // a duplicate primary key, then statements that PostgreSQL refuses because of it
      yield* insertRow("InboundRequest", { id: "first-fail-0", provider: "test", receivedAt: at, outcome: "rejected", httpStatus: 400, headers: "{}", rawBody: "" });
      yield* insertRow("InboundRequest", { id: "first-fail-2", provider: "test", receivedAt: at, outcome: "rejected", httpStatus: 400, headers: "{}", rawBody: "" });
    });
    const e = await failed.then(() => null, (x: unknown) => x);
    expect(isUniqueViolation(e)).toBe(true);
    expect(await stored(ids("first-fail", 3))).toEqual(["first-fail-0"]);
  });

  // SQLite: the next batch's BEGIN and its works run in one synchronous step, so nothing else
  // (an execute() of whoever awaited the previous batch) can run inside a batch that rolls back
  it("a statement stored alone while the next batch starts is never rolled back with that batch", async () => {
    for (let hops = 0; hops < 8; hops++) {
      // a first transaction; while its fsync runs, a lone failing one queues (it rolls back whole)
      const firstOne = store.transaction(() => inbound(`gap-first-${hops}`));
      await new Promise((r) => setImmediate(r));
      const failing = store.transaction(() => inbound(`gap-failing-${hops}`, "after-write")).catch((e: Error) => e.message);
      // whoever awaited the first one goes on after a few promise hops and stores something alone
      const alone = (async () => {
        await firstOne;
        for (let i = 0; i < hops; i++) await null;
        return store.execute(() => inbound(`gap-alone-${hops}`));
      })();
      expect(await failing).toBe(`work gap-failing-${hops} failed after writing`);
      expect(await alone).toBe(`gap-alone-${hops}`);
      expect(await stored([`gap-alone-${hops}`]), `after ${hops} hops`).toEqual([`gap-alone-${hops}`]);
    }
  });

  // SQLite: a batch waits for the fsync under way, not until no one is waiting for one any more
  it.skipIf(process.env.HOOKSCOPE_TEST_DB === "postgres")("a steady stream of statements stored alone never holds a transaction back (SQLite)", async () => {
    let flooding = true;
    let n = 0;
    const flood = (async () => {
      const started = Date.now();
      const pending: Promise<unknown>[] = [];
      // one more statement every turn of the event loop (at most 5 s, should the test fail)
      while (flooding && Date.now() - started < 5_000) {
        pending.push(store.execute(() => inbound(`flood-${n++}`)));
        await new Promise((r) => setImmediate(r));
      }
      await Promise.all(pending);
    })();
    await new Promise((r) => setTimeout(r, 50));
    let fsyncs = 0;
    const spy = vi.spyOn(fs, "fdatasync").mockImplementation(((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
      fsyncs++;
      realFsync(fd, cb);
    }) as typeof fs.fdatasync);
    let committed: string;
    try {
      committed = await store.transaction(() => inbound("during-flood"));
    } finally {
      spy.mockRestore();
    }
    const floodStillRunning = flooding && n > 0;
    flooding = false;
    await flood;
    expect(committed).toBe("during-flood");
    expect(floodStillRunning).toBe(true);
    // a few fsyncs (the one under way, the flood's next, the transaction's own, with slack for the
    // turn it arrived in), not every fsync for as long as the flood lasts (hundreds before)
    if (store.provider === "sqlite") expect(fsyncs).toBeLessThanOrEqual(5);
  });

  it("a lone transaction that fails leaves nothing", async () => {
    await expect(store.transaction(() => inbound("lone-0", "after-write"))).rejects.toThrow("failed after writing");
    expect(await stored(["lone-0"])).toEqual([]);
  });

  it("writes dates and booleans exactly as Prisma reads them", async () => {
    await store.transaction(() =>
      insertRow("Trader", { id: "trader-roundtrip", strategyId: "s", participantCode: "P", accountLabel: "a", autoRebalance: true, createdAt: at, updatedAt: null, receivedAt: at }),
    );
    const t = await db.trader.findUniqueOrThrow({ where: { id: "trader-roundtrip" } });
    expect(t.autoRebalance).toBe(true);
    expect(t.createdAt?.toISOString()).toBe(at.toISOString());
    expect(t.updatedAt).toBeNull();
    const read = await store.execute(() => first<{ receivedAt: unknown }>(`SELECT "receivedAt" FROM "Trader" WHERE "id" = ?`, ["trader-roundtrip"]));
    expect(new Date(read!.receivedAt as string).toISOString()).toBe(at.toISOString());
  });

  it("a second copy of this module (Next.js's bundle beside tsx's) hands out the same store", async () => {
    vi.resetModules();
    const copy = (await import("./store")) as typeof import("./store");
    expect(copy.getSqlStore).not.toBe(getSqlStore);
    expect(copy.getSqlStore()).toBe(store);
    // transactions from both copies share the group commit: one commit on SQLite, and on
    // PostgreSQL one pool (its connections are the ones the first copy made)
    const before = store.commits();
    await Promise.all([store.transaction(() => inbound("copy-a")), copy.getSqlStore().transaction(() => inbound("copy-b"))]);
    if (store.provider === "sqlite") expect(store.commits() - before).toBe(1);
    else expect(store.commits() - before).toBe(2);
    expect(await stored(["copy-a", "copy-b"])).toEqual(["copy-a", "copy-b"]);
  });

  it("waits for a Prisma transaction holding the write lock instead of failing or blocking it", async () => {
    // the largest gap between heartbeats: a blocking busy-wait would freeze the loop for its timeout
    let last = performance.now();
    let maxGap = 0;
    const heartbeat = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    const prisma = db.$transaction(async (tx) => {
      await tx.inboundRequest.create({ data: { id: "held-by-prisma", provider: "test", receivedAt: at, outcome: "rejected", httpStatus: 400, headers: "{}", rawBody: "" } });
      // the event loop must stay free while the intake waits, or this never finishes
      await new Promise((r) => setTimeout(r, 300));
    });
    await new Promise((r) => setTimeout(r, 50));
    const ours = store.transaction(() => inbound("after-prisma"));
    try {
      await prisma;
      await expect(ours).resolves.toBe("after-prisma");
    } finally {
      clearInterval(heartbeat);
    }
    // the intake never sat in a blocking busy-wait while Prisma held the lock for 300 ms
    expect(maxGap).toBeLessThan(1000);
    expect(await stored(["held-by-prisma", "after-prisma"])).toEqual(["after-prisma", "held-by-prisma"]);
  });
});
