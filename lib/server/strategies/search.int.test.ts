// The strategies list's `q` narrowed by StrategyGram (migration 20261207000000) must answer
// exactly as the plain substring filter on id or name did, on both databases: case folding (ASCII
// on SQLite, Unicode on PostgreSQL), short queries, LIKE's metacharacters, non-ASCII, renames, and
// strategies the worker has not indexed yet (StrategyGramQueue).
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/actor";
import { getDb, type Db } from "@/lib/db";
import { strategiesQuery } from "@/lib/schemas/console";
import { testCtx } from "@/lib/testing/ctx";
import { listStrategies } from "./list";
import { getSqlStore } from "@/lib/server/sql/store";
import { run, type Step, type Work } from "@/lib/server/sql/work";
import { indexGrams, indexGramsBatch, MAX_CANDIDATES, MAX_POSTINGS, MAX_QUEUED, strategyCandidates } from "./search";

let db: Db;
let ctx: Ctx;

const NAMES = [
  "ETH mean reversion",
  "eth MEAN Reversion 2",
  "BTC breakout 100%",
  "100 percent_sure",
  "a_b_c strategy",
  "aXbXc strategy",
  "back\\slash name",
  "Ünïcode Straße",
  "ünïcode strasse",
  "ÜNÏCODE STRAẞE",
  "Δέλτα grid",
  "δέλτα GRID",
  "日本語ストラテジー",
  "emoji 🚀 rocket",
  "ab",
  "",
  null,
];

/** Every strategy whose id or name contains `q`, newest first: the filter the list had before. */
async function plain(q: string): Promise<string[]> {
  const contains = ctx.env.dbProvider === "postgres" ? { contains: q, mode: "insensitive" as const } : { contains: q };
  const rows = await db.strategy.findMany({ where: { OR: [{ name: contains }, { id: contains }] }, orderBy: [{ lastReceivedAt: "desc" }, { id: "desc" }], select: { id: true } });
  return rows.map((r) => r.id);
}

/** Every page of the list for `q`. */
async function listed(q: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const p = await listStrategies(ctx, strategiesQuery.parse({ q, limit: "5", cursor }));
    out.push(...p.items.map((s) => s.id));
    cursor = p.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  db = await getDb();
  ctx = await testCtx();
  const t0 = Date.now() - 3_600_000;
  let i = 0;
  for (const name of NAMES) {
    for (const provider of ["pipai", "zerohash"]) {
      const at = new Date(t0 + ++i * 1000);
      const id = provider === "pipai" ? `strat_${i.toString(16).padStart(6, "0")}_Search` : `ZH-${i}-ÄÖ-${i % 3 === 0 ? "%" : "x"}`;
      await db.strategy.create({ data: { id, provider, name, status: "deployed", firstReceivedAt: at, lastReceivedAt: at } });
    }
  }
});

/** StrategyGramCount, and what it must equal: the number of StrategyGram rows of each gram. */
async function counts(): Promise<{ kept: Record<string, number>; actual: Record<string, number> }> {
  const kept = await db.strategyGramCount.findMany({ orderBy: { gram: "asc" } });
  const actual = await db.strategyGram.groupBy({ by: ["gram"], _count: { _all: true }, orderBy: { gram: "asc" } });
  return { kept: Object.fromEntries(kept.map((c) => [c.gram, c.strategies])), actual: Object.fromEntries(actual.map((c) => [c.gram, c._count._all])) };
}
const expectCountsKept = async () => {
  const { kept, actual } = await counts();
  expect(Object.keys(actual).length).toBeGreaterThan(0);
  expect(kept).toEqual(actual);
};

const queuedIds = async () => (await db.strategyGramQueue.findMany({ select: { strategyId: true } })).map((r) => r.strategyId);

const QUERIES = [
  // long enough for the trigrams
  "mean",
  "MEAN REV",
  "reversion 2",
  "momentum",
  "eth mean reversion",
  "strat_000007_search",
  "STRAT_00000",
  "_search",
  "zh-1",
  "-ÄÖ-",
  "-äö-",
  // LIKE's metacharacters, alone and inside a trigram
  "100%",
  "0%",
  "%",
  "_",
  "a_b",
  "t_s",
  "percent_s",
  "-%",
  "\\",
  "back\\sl",
  "k\\s",
  // non-ASCII, case-folded on PostgreSQL only (as ILIKE; SQLite's LIKE folds ASCII only)
  "ünïcode",
  "ÜNÏCODE",
  "straße",
  "STRASSE",
  "δέλτα",
  "ΔΈΛΤΑ",
  "ストラテ",
  "🚀 r",
  // short, absent, and spanning id and name
  "a",
  "ab",
  "E",
  "no such strategy",
  "Search ETH",
];

describe("strategies q through StrategyGram", () => {
  it("finds strategies the worker has not indexed yet: new ones are queued by the database", async () => {
    expect((await queuedIds()).length).toBe(NAMES.length * 2);
    expect(await db.strategyGram.count()).toBe(0);
    for (const q of QUERIES) expect(await listed(q), q).toEqual(await plain(q));
    expect(await strategyCandidates(db, ctx.env.dbProvider, "strat_000007_Search")).toHaveLength(NAMES.length * 2);
  });

  it("indexes the queue in batches and empties it", async () => {
    expect(await indexGrams({ batch: 7 })).toBe(NAMES.length * 2);
    expect(await queuedIds()).toEqual([]);
    expect(await indexGrams()).toBe(0);
    // a rename queues the strategy again; an update that sets the same name, or no name, does not
    await db.strategy.update({ where: { id: "strat_000001_Search" }, data: { name: "Renamed Momentum" } });
    await db.strategy.update({ where: { id: "strat_000003_Search" }, data: { name: NAMES[1], eventCount: 5 } });
    await db.strategy.update({ where: { id: "strat_000005_Search" }, data: { lastReceivedAt: new Date() } });
    expect(await queuedIds()).toEqual(["strat_000001_Search"]);
    expect(await listed("momentum")).toEqual(["strat_000001_Search"]);
    expect(await indexGrams()).toBe(1);
    expect(await queuedIds()).toEqual([]);
    await expectCountsKept();
  });

  it.each(QUERIES)("%j lists exactly what the substring filter finds", async (q) => {
    expect(await listed(q)).toEqual(await plain(q));
  });

  it("keeps a strategy queued when it is renamed while its batch runs", async () => {
    await db.strategy.update({ where: { id: "strat_000009_Search" }, data: { name: "first rename" } });
    // the batch reads the queue, then (in its transaction, before it takes the row off) the name changes again
    function* renamedDuringBatch(): Work<number> {
      const inner = indexGramsBatch(getSqlStore().provider, 100);
      let r = inner.next();
      let renamed = false;
      while (!r.done) {
        const answer: unknown = yield r.value as Step;
        if (!renamed) {
          renamed = true;
          yield* run(`UPDATE "Strategy" SET "name" = ? WHERE "id" = ?`, ["second rename", "strat_000009_Search"]);
        }
        r = inner.next(answer);
      }
      return r.value;
    }
    expect(await getSqlStore().transaction(renamedDuringBatch)).toBe(1);
    expect(await queuedIds()).toEqual(["strat_000009_Search"]);
    expect(await listed("second rename")).toEqual(["strat_000009_Search"]);
    await indexGrams();
    expect(await queuedIds()).toEqual([]);
    expect(await listed("second rename")).toEqual(["strat_000009_Search"]);
    expect(await strategyCandidates(db, ctx.env.dbProvider, "second rename")).toEqual(["strat_000009_Search"]);
    // the old names' grams stay: they only add candidates, which the substring filter drops
    expect(await listed("first rename")).toEqual([]);
  });

  it("narrows a query of 3 or more characters to the strategies holding its rarest trigram", async () => {
    const all = await db.strategy.count();
    const narrowed = async (q: string, match: string) => {
      const c = await strategyCandidates(db, ctx.env.dbProvider, q);
      expect(c, q).toContain(match);
      expect(c!.length, q).toBeLessThan(all / 4);
    };
    await narrowed("strat_000007_Search", "strat_000007_Search");
    await narrowed("RENAMED momentum", "strat_000001_Search");
    await narrowed("ZH-12-ÄÖ-%", "ZH-12-ÄÖ-%");
    expect(await strategyCandidates(db, ctx.env.dbProvider, "no such strategy")).toEqual([]);
    const grams = async (id: string) => (await db.strategyGram.findMany({ where: { strategyId: id }, select: { gram: true } })).map((g) => g.gram);
    expect(await grams("strat_000001_Search")).toContain("ren");
    expect(await grams("strat_000005_Search")).toContain("bre");
    expect(await grams("strat_000003_Search")).toContain("eth");
  });

  it("intersects q's rarest trigrams when each one alone is common", async () => {
    const at = new Date();
    // "abc" and "bcd" are each in 151 names, both only in "abcd": no trigram of "abcd" is rare
    const data = [
      ...Array.from({ length: 150 }, (_, i) => ({ id: `left-${i}`, name: `abcx ${i}` })),
      ...Array.from({ length: 150 }, (_, i) => ({ id: `right-${i}`, name: `ybcd ${i}` })),
      { id: "both", name: "abcd" },
    ].map((s) => ({ ...s, provider: "pipai", status: "draft", firstReceivedAt: at, lastReceivedAt: at }));
    await db.strategy.createMany({ data });
    await indexGrams();
    expect(await strategyCandidates(db, ctx.env.dbProvider, "abcd")).toEqual(["both"]);
    expect(await listed("abcd")).toEqual(["both"]);
    expect(await listed("bcd")).toEqual(await plain("bcd"));
  });

  it("falls back to the plain walk without a 3-character run free of % _ \\", async () => {
    for (const q of ["a", "ab", "%", "a_b", "a%b_c", "x\\y"]) expect(await strategyCandidates(db, ctx.env.dbProvider, q), q).toBeNull();
  });

  it("falls back to the walk past MAX_CANDIDATES candidates or past MAX_QUEUED queued", async () => {
    const at = new Date();
    const n = Math.max(MAX_CANDIDATES, MAX_QUEUED) + 1;
    await db.strategy.createMany({
      data: Array.from({ length: n }, (_, i) => ({ id: `bulk-${i}`, provider: "pipai", name: "common", status: "draft", firstReceivedAt: at, lastReceivedAt: at })),
    });
    // not indexed yet: too many queued to add to the candidates, so the list walks, and still finds them
    expect(await strategyCandidates(db, ctx.env.dbProvider, "bulk-1000")).toBeNull();
    expect(await listed("bulk-100")).toEqual(await plain("bulk-100"));
    expect(await indexGrams()).toBe(n);
    // every trigram of "common" is in the same 1,001 strategies: too many candidates
    expect(await strategyCandidates(db, ctx.env.dbProvider, "common")).toBeNull();
    expect(await strategyCandidates(db, ctx.env.dbProvider, "bulk-1000")).toEqual(["bulk-1000"]);
    expect(await listed("ommo")).toEqual(await plain("ommo"));
    // "k-5" is in bulk-5, bulk-50…59 and bulk-500…599: not rare, yet within MAX_CANDIDATES
    expect(await strategyCandidates(db, ctx.env.dbProvider, "bulk-5")).toHaveLength(111);
    expect(await listed("bulk-5")).toEqual(await plain("bulk-5"));
    await expectCountsKept();
  });

  it("intersects trigrams that are each in more than MAX_CANDIDATES strategies, up to MAX_POSTINGS postings", async () => {
    const at = new Date();
    const n = MAX_CANDIDATES + 1;
    // "pqr" and "rst" are each in 1,002 names, "qrs" in 2,003; all three only in "pqrst"
    const data = [
      ...Array.from({ length: n }, (_, i) => ({ id: `pq-${i}`, name: `pqrs ${i}` })),
      ...Array.from({ length: n }, (_, i) => ({ id: `st-${i}`, name: `qrst ${i}` })),
      { id: "pqrst", name: "pqrst" },
    ].map((s) => ({ ...s, provider: "pipai", status: "draft", firstReceivedAt: at, lastReceivedAt: at }));
    await db.strategy.createMany({ data });
    await indexGrams();
    expect((await counts()).kept).toMatchObject({ pqr: n + 1, qrs: 2 * n + 1, rst: n + 1 });
    expect(await strategyCandidates(db, ctx.env.dbProvider, "pqrst")).toEqual(["pqrst"]);
    expect(await listed("PQRST")).toEqual(["pqrst"]);
    expect(await listed("qrst 99")).toEqual(await plain("qrst 99"));
    // The counts decide which postings are read. No 30,000 strategies here: the counts are set
    // for a moment to what larger data would hold, and the postings read are the real ones.
    const withCounts = async (set: Record<string, number | null>, check: () => Promise<void>) => {
      const kept = await db.strategyGramCount.findMany({ where: { gram: { in: Object.keys(set) } } });
      expect(kept).toHaveLength(Object.keys(set).length);
      for (const [gram, strategies] of Object.entries(set))
        if (strategies === null) await db.strategyGramCount.delete({ where: { gram } });
        else await db.strategyGramCount.update({ where: { gram }, data: { strategies } });
      try {
        await check();
      } finally {
        for (const { gram, strategies } of kept) await db.strategyGramCount.upsert({ where: { gram }, create: { gram, strategies }, update: { strategies } });
      }
      expect(await listed("pqrst")).toEqual(["pqrst"]);
    };
    // the rarest is past MAX_POSTINGS: the walk
    await withCounts({ pqr: MAX_POSTINGS + 1, qrs: MAX_POSTINGS + 1, rst: MAX_POSTINGS + 1 }, async () => {
      expect(await strategyCandidates(db, ctx.env.dbProvider, "pqrst")).toBeNull();
      expect(await listed("pqrst")).toEqual(["pqrst"]);
    });
    // the second rarest would take the postings past MAX_POSTINGS: the rarest alone, whose 1,002
    // postings are too many candidates
    await withCounts({ pqr: 20_000, rst: 20_001, qrs: 20_002 }, async () => {
      expect(await strategyCandidates(db, ctx.env.dbProvider, "pqrst")).toBeNull();
    });
    // the rarest is rare, the next are not: the rarest alone (really in 1,002: too many candidates)
    await withCounts({ pqr: 50, rst: MAX_CANDIDATES }, async () => {
      expect(await strategyCandidates(db, ctx.env.dbProvider, "pqrst")).toBeNull();
    });
    // counts missing (grams written by an indexer from before the counts): the postings still decide
    await withCounts({ pqr: null, rst: null }, async () => {
      expect(await strategyCandidates(db, ctx.env.dbProvider, "pqrst")).toEqual(["pqrst"]);
      expect(await listed("pqrst")).toEqual(["pqrst"]);
    });
    await expectCountsKept();
  });

  it("keeps the counts exact when workers index in parallel and strategies are renamed and indexed again", async () => {
    const at = new Date();
    await db.strategy.createMany({
      data: Array.from({ length: 600 }, (_, i) => ({ id: `par-${i}`, provider: "zerohash", name: `shared name ${i % 7}`, status: "draft", firstReceivedAt: at, lastReceivedAt: at })),
    });
    for (let i = 0; i < 600; i += 50) await db.strategy.update({ where: { id: `par-${i}` }, data: { name: `renamed ${i}` } });
    // three passes at once, small batches: on PostgreSQL each takes its own rows (SKIP LOCKED) and
    // upserts the same grams' counts; on SQLite they run one transaction after another
    const indexed = await Promise.all([indexGrams({ batch: 20 }), indexGrams({ batch: 20 }), indexGrams({ batch: 20 })]);
    expect(indexed.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(600);
    expect(await queuedIds()).toEqual([]);
    await expectCountsKept();
    // indexed again, they count only the grams they did not hold yet
    await db.strategy.updateMany({ where: { id: { startsWith: "par-" } }, data: { name: null } });
    await db.strategy.updateMany({ where: { id: { startsWith: "par-" } }, data: { name: "shared name 1" } });
    expect(await indexGrams()).toBe(600);
    await expectCountsKept();
    expect(await listed("renamed 50")).toEqual(await plain("renamed 50"));
  });

  it("the migration counts the grams stored before it", async () => {
    const before = await counts();
    expect(Object.keys(before.actual).length).toBeGreaterThan(100);
    const dir = path.join(process.cwd(), "prisma", ctx.env.dbProvider, "migrations", "20261207020000_strategy_gram_count");
    const backfill = /INSERT INTO "StrategyGramCount"[^;]+;/.exec(fs.readFileSync(path.join(dir, "migration.sql"), "utf8"))![0];
    await db.strategyGramCount.deleteMany();
    await db.$executeRawUnsafe(backfill);
    expect((await counts()).kept).toEqual(before.actual);
  });
});
