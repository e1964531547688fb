// The fold of the overview's tallies (./fold.ts) beside the writes that still reach closed buckets:
// retention deletes (statement triggers that add negative counts) and late inserts (a server whose
// clock is behind). Whatever interleaving, the sums per group must stay the rows' counts, and
// neither side may fail (a deadlock would fail the delete or the insert, which the test awaits).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { dbProvider, getDb, type Db } from "@/lib/db";
import { inboundSums, rejectionSums } from "@/lib/testing/tallies";
import { FOLD_GRACE_MS, foldTallies } from "./fold";

const HOUR = 3_600_000;
const now = new Date();
let db: Db;

const request = (i: number, receivedAt: Date) => {
  const outcome = ["accepted", "rejected", "duplicate"][i % 3]!;
  return { id: randomUUID(), provider: i % 2 ? "pipai" : "zerohash", receivedAt, outcome, reason: outcome === "rejected" ? `reason_${i % 4}` : null, httpStatus: outcome === "rejected" ? 401 : 200, headers: "{}", rawBody: "" };
};

beforeAll(async () => {
  db = await getDb();
});

describe("tally fold", () => {
  it("keeps every sum while retention deletes and late inserts land in the buckets it folds", async () => {
    // 1,200 requests over the last 12 closed hours, a few per 5-minute bucket and provider, so that
    // each group has rows in several slots
    const closedEnd = now.getTime() - FOLD_GRACE_MS - HOUR;
    const rows = Array.from({ length: 1200 }, (_, i) => request(i, new Date(closedEnd - ((i * 7919) % (12 * HOUR)))));
    for (let i = 0; i < rows.length; i += 200) await db.inboundRequest.createMany({ data: rows.slice(i, i + 200) });

    const doomed = rows.filter((_, i) => i % 2 === 0).map((r) => r.id);
    let folds = 0;
    let foldsDone = false;
    const folding = (async () => {
      // fold passes from the oldest bucket, over and over, until the writers are done (and once more)
      while (!foldsDone || folds === 0) {
        const marks = new Map<string, number>();
        await foldTallies(db, dbProvider(), now, marks, new Map(), { pause: async () => {} });
        // a pass ended early (a deadlock) leaves some tally without a mark
        expect([...marks.keys()].sort()).toEqual(["AttemptTally:300", "AttemptTally:3600", "InboundTally:300", "InboundTally:3600", "RejectionTally:3600"]);
        folds++;
      }
    })();
    // retention's way, from two workers at once: batches of ids, each one statement (one trigger call)
    const deleter = (ids: string[]) => async () => {
      for (let i = 0; i < ids.length; i += 40) await db.inboundRequest.deleteMany({ where: { id: { in: ids.slice(i, i + 40) } } });
    };
    const deleting = Promise.all([deleter(doomed.filter((_, i) => i % 2 === 0))(), deleter(doomed.filter((_, i) => i % 2 === 1))()]);
    const inserting = (async () => {
      for (let i = 0; i < 150; i++) await db.inboundRequest.create({ data: request(i, new Date(closedEnd - ((i * 104_729) % (12 * HOUR)))) });
    })();
    try {
      await Promise.all([deleting, inserting]);
    } finally {
      foldsDone = true;
      await folding;
    }
    // on PostgreSQL the passes ran beside the writers (on SQLite, one writer at a time, they may not)
    if (dbProvider() === "postgres") expect(folds).toBeGreaterThan(1);
    // a last pass folds what the writers left after the last concurrent one
    await foldTallies(db, dbProvider(), now, new Map(), new Map(), { pause: async () => {} });

    const inbound = await inboundSums(db);
    expect(inbound.want.size).toBeGreaterThan(100);
    expect(inbound.got).toEqual(inbound.want);
    const rejections = await rejectionSums(db);
    expect(rejections.want.size).toBeGreaterThan(10);
    expect(rejections.got).toEqual(rejections.want);
    // and every closed bucket is one row per group again: no slot but 0, no zero row
    const closed = Math.floor((now.getTime() - FOLD_GRACE_MS) / 1000 / 300);
    const left = await db.inboundTally.findMany({ where: { OR: [{ slot: { not: 0 } }, { count: 0 }], size: 300, bucket: { lt: closed } } });
    expect(left).toEqual([]);
  });
});
