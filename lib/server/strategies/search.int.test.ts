// The strategies list's `q` narrowed by StrategyGram (migration 20261206120000) must answer
// exactly as the plain substring filter on id or name did, on both databases: case folding (ASCII
// on SQLite, Unicode on PostgreSQL), short queries, LIKE's metacharacters, non-ASCII, renames.
import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/actor";
import { getDb, type Db } from "@/lib/db";
import { strategiesQuery } from "@/lib/schemas/console";
import { testCtx } from "@/lib/testing/ctx";
import { listStrategies } from "./list";
import { MAX_CANDIDATES, strategyCandidates } from "./search";

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
  // a rename rewrites the grams; an update that sets the same name, or no name, keeps them
  await db.strategy.update({ where: { id: "strat_000001_Search" }, data: { name: "Renamed Momentum" } });
  await db.strategy.update({ where: { id: "strat_000003_Search" }, data: { name: NAMES[1], eventCount: 5 } });
  await db.strategy.update({ where: { id: "strat_000005_Search" }, data: { lastReceivedAt: new Date() } });
});

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
  it.each(QUERIES)("%j lists exactly what the substring filter finds", async (q) => {
    expect(await listed(q)).toEqual(await plain(q));
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
    // a rename replaced the old name's grams; an update without a new name kept them
    const grams = async (id: string) => (await db.strategyGram.findMany({ where: { strategyId: id }, select: { gram: true } })).map((g) => g.gram);
    expect(await grams("strat_000001_Search")).not.toContain("eth");
    expect(await grams("strat_000001_Search")).toContain("ren");
    expect(await grams("strat_000005_Search")).toContain("bre");
    expect(await grams("strat_000003_Search")).toContain("eth");
  });

  it("falls back to the plain walk without a 3-character run free of % _ \\", async () => {
    for (const q of ["a", "ab", "%", "a_b", "a%b_c", "x\\y"]) expect(await strategyCandidates(db, ctx.env.dbProvider, q), q).toBeNull();
  });

  it("counts trigrams again up to MAX_CANDIDATES, and falls back past it on every trigram", async () => {
    const at = new Date();
    await db.strategy.createMany({
      data: Array.from({ length: MAX_CANDIDATES + 1 }, (_, i) => ({ id: `bulk-${i}`, provider: "pipai", name: "common", status: "draft", firstReceivedAt: at, lastReceivedAt: at })),
    });
    expect(await strategyCandidates(db, ctx.env.dbProvider, "common")).toBeNull();
    expect(await strategyCandidates(db, ctx.env.dbProvider, "bulk-1000")).toContain("bulk-1000");
    expect(await listed("ommo")).toEqual(await plain("ommo"));
    // "k-5" is in bulk-5, bulk-50…59 and bulk-500…599: past the first count, within the second
    expect(await strategyCandidates(db, ctx.env.dbProvider, "bulk-5")).toHaveLength(111);
    expect(await listed("bulk-5")).toEqual(await plain("bulk-5"));
  });
});
