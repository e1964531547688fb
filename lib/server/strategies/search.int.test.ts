// The strategies list's `q` narrowed by StrategyGram (migration 20261207000000) must answer
// exactly as the plain substring filter on id or name did, on both databases: case folding (ASCII
// on SQLite, Unicode on PostgreSQL), short queries, LIKE's metacharacters, non-ASCII, renames, and
// strategies the worker has not indexed yet (StrategyGramQueue).
import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/actor";
import { getDb, type Db } from "@/lib/db";
import { strategiesQuery } from "@/lib/schemas/console";
import { testCtx } from "@/lib/testing/ctx";
import { listStrategies } from "./list";
import { getSqlStore } from "@/lib/server/sql/store";
import { run, type Step, type Work } from "@/lib/server/sql/work";
import { indexGrams, indexGramsBatch, MAX_CANDIDATES, MAX_QUEUED, strategyCandidates } from "./search";

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

  it("counts trigrams again up to MAX_CANDIDATES, and falls back past it on every trigram or past MAX_QUEUED queued", async () => {
    const at = new Date();
    const n = Math.max(MAX_CANDIDATES, MAX_QUEUED) + 1;
    await db.strategy.createMany({
      data: Array.from({ length: n }, (_, i) => ({ id: `bulk-${i}`, provider: "pipai", name: "common", status: "draft", firstReceivedAt: at, lastReceivedAt: at })),
    });
    // not indexed yet: too many queued to add to the candidates, so the list walks, and still finds them
    expect(await strategyCandidates(db, ctx.env.dbProvider, "bulk-1000")).toBeNull();
    expect(await listed("bulk-100")).toEqual(await plain("bulk-100"));
    expect(await indexGrams()).toBe(n);
    expect(await strategyCandidates(db, ctx.env.dbProvider, "common")).toBeNull();
    expect(await strategyCandidates(db, ctx.env.dbProvider, "bulk-1000")).toEqual(["bulk-1000"]);
    expect(await listed("ommo")).toEqual(await plain("ommo"));
    // "k-5" is in bulk-5, bulk-50…59 and bulk-500…599: past the first count, within the second
    expect(await strategyCandidates(db, ctx.env.dbProvider, "bulk-5")).toHaveLength(111);
    expect(await listed("bulk-5")).toEqual(await plain("bulk-5"));
  });
});
