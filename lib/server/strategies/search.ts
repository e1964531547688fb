// The strategies list's `q`: a case-insensitive substring of the id or the name (LIKE on SQLite,
// ILIKE on PostgreSQL), at any number of strategies.
//
// A substring filter cannot use a B-tree, so the list walked every strategy for an id that matches
// one (12× slower at 1M events on PostgreSQL, issue 12). StrategyGram holds each strategy's
// trigrams; a strategy that contains `q` contains every trigram of `q`. StrategyGramCount holds how
// many strategies hold each trigram, so q's rarest trigrams are picked from ~34 rows (a UUID's
// trigrams), and the candidates are the strategies holding all of the (up to) three rarest: the
// intersection reads their postings, at most MAX_POSTINGS index entries. The list keeps its own
// substring filter on those, exactly as before: the index only narrows, it never decides a match.
//
// The grams are written by the worker (indexGrams, run by startGramIndexer beside the relay), not
// in the intake transaction: writing ~40 rows per new strategy there cost the intake a third of its
// throughput (decision 0025). Database triggers queue a new or renamed strategy in
// StrategyGramQueue (one small row), and the search adds every queued strategy to the candidates,
// so a strategy is found from the moment it is stored. The queue is read before the grams: a
// strategy the indexer takes off the queue in between is then in the grams.
import type { Db } from "@/lib/db";
import type { DbProvider } from "@/lib/db-url";
import { processSingleton, startPeriodic, type Periodic } from "@/lib/server/periodic";
import { getSqlStore, type SqlStore } from "@/lib/server/sql/store";
import { all, run, write, type Work } from "@/lib/server/sql/work";

/** Past this many candidates (strategies holding all the trigrams read), the list walks them all as before. */
export const MAX_CANDIDATES = 1000;
/**
 * At most this many postings (StrategyGram rows) are read to intersect q's rarest trigrams, a few
 * milliseconds; a query whose rarest trigram alone is in more strategies walks the list instead,
 * which stops at one page of matches (such a query matches many). A hex trigram is in about 1 in
 * 190 strategies with UUID ids (22 of a UUID's trigrams are all hex, of the 4,096), so three of
 * them fit up to about 1.9 million strategies.
 */
export const MAX_POSTINGS = 30_000;
/** A trigram in at most this many strategies is rare: reading its postings costs next to nothing. */
const RARE = 100;
/**
 * How many of q's rarest trigrams are intersected. One is not enough at scale: a hex id's
 * trigrams each recur in a few hundred of 70k strategies (16³ of them), while two or three
 * together single it out.
 */
const INTERSECTED = 3;
/** Past this many strategies waiting for the indexer (a worker that is off or behind), the list walks. */
export const MAX_QUEUED = 1000;
/** Strategies indexed per transaction: about 40 gram rows each, a few milliseconds of writing. */
export const INDEX_BATCH = 100;
/** How often the worker indexes the queued strategies. */
export const INDEX_INTERVAL_MS = 2_000;
/**
 * The worker's loop on SQLite, where a batch runs on the intake's own thread, inside the intake's
 * own group commit: 25 strategies per transaction (about 5 ms of writing instead of 17) and 100 ms
 * between batches, so indexing takes at most a few percent of the thread, about 190 strategies/s.
 * When every event makes a new strategy (bench:ingest, 800/s), 100 per batch back to back cost the
 * intake a fifth of its throughput (811 → 598–644 events/s); capped, 690–704. Past that rate the
 * queue grows, and past MAX_QUEUED the list walks until the indexer has caught up.
 */
const SQLITE_LOOP = { batch: 25, pauseMs: 100 };
/**
 * The worker's loop on PostgreSQL: batches of INDEX_BATCH, each followed by a pause four times as
 * long as it took, so the indexer holds a backend at most a fifth of the time, and less when the
 * database is busy (its batches then take longer, and so do its pauses). Back to back, indexing a
 * new strategy per event cost the intake 0.3 ms of PostgreSQL CPU per event: 878–941 events/s
 * against 1,006–1,076 without the indexer (in-process worker, concurrency 16); paced at a fifth or
 * a quarter of the time, 1,023–1,087. Idle, that indexes about 400 strategies/s per worker process.
 */
const POSTGRES_LOOP = { duty: 0.2 };

/**
 * The ids of the strategies that may contain `q` (a superset of the matches: the queued ones and
 * those holding all of q's rarest trigrams), or null when the trigrams cannot narrow it: `q` has no
 * run of 3 characters free of LIKE's `%`, `_` and the escape `\` (so a query of 1 or 2
 * characters), its rarest trigram is in more than MAX_POSTINGS strategies, the intersection holds
 * more than MAX_CANDIDATES, or more than MAX_QUEUED strategies are not indexed yet. Those fall back
 * to the plain walk in lastReceivedAt order, which stops after one page of matches: a short or
 * common query matches many strategies, so the page fills early.
 */
export async function strategyCandidates(db: Db, provider: DbProvider, q: string): Promise<string[] | null> {
  // first the queue, then the grams (see the top of this file)
  const queued = await db.strategyGramQueue.findMany({ select: { strategyId: true }, take: MAX_QUEUED + 1 });
  if (queued.length > MAX_QUEUED) return null;
  // The trigrams are cut from the database's lower(q), the function the indexer uses, so both
  // sides fold case the same way (ASCII only on SQLite, as its LIKE; Unicode on PostgreSQL).
  // Trigrams holding a LIKE metacharacter are left out, whether Prisma escapes them or not. The
  // counts only choose what to read and when to give up: the intersection reads the postings
  // themselves, so a count that is missing or low (grams written by an indexer from before the
  // counts, during a rolling upgrade) costs reads, never a match.
  const rarest = (
    await db.$queryRawUnsafe<{ gram: string; n: number | bigint }[]>(
      provider === "postgres"
        ? `WITH g AS (
             SELECT DISTINCT substr(l, i, 3) AS gram FROM (SELECT lower($1::text) AS l) q CROSS JOIN LATERAL generate_series(1, length(l) - 2) AS i
           )
           SELECT g.gram, COALESCE(c."strategies", 0) AS n FROM g LEFT JOIN "StrategyGramCount" c ON c."gram" = g.gram
           WHERE strpos(g.gram, '%') = 0 AND strpos(g.gram, '_') = 0 AND strpos(g.gram, '\\') = 0 ORDER BY n, g.gram LIMIT ${INTERSECTED}`
        : `WITH g AS (
             SELECT DISTINCT substr(q.l, j.key + 1, 3) AS gram FROM (SELECT lower(?) AS l) q,
               json_each('[' || rtrim(replace(hex(zeroblob(max(length(q.l) - 2, 0))), '00', '0,'), ',') || ']') j
           )
           SELECT g.gram, COALESCE(c."strategies", 0) AS n FROM g LEFT JOIN "StrategyGramCount" c ON c."gram" = g.gram
           WHERE instr(g.gram, '%') = 0 AND instr(g.gram, '_') = 0 AND instr(g.gram, '\\') = 0 ORDER BY n, g.gram LIMIT ${INTERSECTED}`,
      q,
    )
  ).map((r) => ({ gram: r.gram, n: Number(r.n) }));
  if (rarest.length === 0 || rarest[0]!.n > MAX_POSTINGS) return null;
  // When the rarest is rare, the next ones are read only if they are rare too (a few index entries
  // that narrow further); when it is common, the next ones as far as MAX_POSTINGS allows.
  const grams = [rarest[0]!.gram];
  let postings = rarest[0]!.n;
  for (const r of rarest.slice(1)) {
    if ((rarest[0]!.n <= RARE && r.n > RARE) || postings + r.n > MAX_POSTINGS) break;
    grams.push(r.gram);
    postings += r.n;
  }
  // one trigram is no intersection: its postings are the candidates, and too many of them
  if (grams.length === 1 && postings > MAX_CANDIDATES) return null;
  // a strategy that contains q holds every one of these trigrams: the intersection of their lists
  const rows = await db.$queryRawUnsafe<{ strategyId: string }[]>(
    `SELECT "strategyId" FROM "StrategyGram" WHERE "gram" IN (${grams.map((_, i) => (provider === "postgres" ? `$${i + 1}` : "?")).join(", ")}) GROUP BY "strategyId" HAVING COUNT(*) = ${grams.length} LIMIT ${MAX_CANDIDATES + 1}`,
    ...grams,
  );
  if (rows.length > MAX_CANDIDATES) return null;
  const ids = new Set(queued.map((r) => r.strategyId));
  for (const r of rows) ids.add(r.strategyId);
  return [...ids];
}

/**
 * Adds the grams of the strategies `ids` (lower-cased by the database as the search's side is) and
 * counts the new ones in StrategyGramCount. A name that changed keeps its old grams (they can only
 * add candidates, which the substring filter drops): no delete, no index on strategyId.
 *
 * Only a gram row that is new counts: the count is taken from what the insert returns (its ON
 * CONFLICT DO NOTHING / OR IGNORE returns no row for a gram already there). PostgreSQL counts in
 * the same statement and upserts in gram order, so two workers take the count rows' locks in one
 * order; batches of UUIDs share most hex trigrams' rows, so two workers' batches mostly run one
 * after the other (the indexer is paced anyway, see POSTGRES_LOOP). SQLite: the positions 0..n-1 of a
 * text come from json_each over a JSON array of n zeros (n = length - 2), since it has no
 * generate_series; the counts go back in one statement, as JSON.
 *
 * The counts cost a batch of 25 new strategies (UUID ids, 20,000 in all; commit included) a p50
 * of 18.5 → 21–22 ms on SQLite and 12–13 → 20–23 ms on PostgreSQL: the indexer's loops below then
 * index fewer strategies per second, at the same share of the database's time. Counting in a second
 * statement from a NOT EXISTS on SQLite cost more (24–28 ms).
 */
function* addGrams(provider: DbProvider, ids: string[]): Work<void> {
  const marks = ids.map(() => "?").join(", ");
  const countUpsert = `ON CONFLICT ("gram") DO UPDATE SET "strategies" = "StrategyGramCount"."strategies" + excluded."strategies"`;
  if (provider === "postgres") {
    yield* write(
      `WITH added AS (
         INSERT INTO "StrategyGram" ("gram", "strategyId")
         SELECT DISTINCT substr(t.l, i, 3), s."id"
         FROM "Strategy" s CROSS JOIN LATERAL unnest(ARRAY[lower(s."id"), lower(COALESCE(s."name", ''))]) AS t(l)
           CROSS JOIN LATERAL generate_series(1, length(t.l) - 2) AS i
         WHERE s."id" IN (${marks})
         ORDER BY 1, 2
         ON CONFLICT DO NOTHING
         RETURNING "gram"
       )
       INSERT INTO "StrategyGramCount" ("gram", "strategies")
       SELECT "gram", COUNT(*) FROM added GROUP BY "gram" ORDER BY "gram"
       ${countUpsert}`,
      ids,
    );
    return;
  }
  const added = yield* all<{ gram: string }>(
    `WITH s AS (SELECT "id", "name" FROM "Strategy" WHERE "id" IN (${marks}))
     INSERT OR IGNORE INTO "StrategyGram" ("gram", "strategyId")
     SELECT DISTINCT substr(t."l", j."key" + 1, 3), t."id"
     FROM (SELECT "id", lower("id") AS "l" FROM s UNION ALL SELECT "id", lower("name") FROM s WHERE "name" IS NOT NULL) t,
       json_each('[' || rtrim(replace(hex(zeroblob(max(length(t."l") - 2, 0))), '00', '0,'), ',') || ']') j
     RETURNING "gram"`,
    ids,
  );
  if (added.length === 0) return;
  const counts = new Map<string, number>();
  for (const { gram } of added) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  yield* write(
    `INSERT INTO "StrategyGramCount" ("gram", "strategies")
     SELECT json_extract("value", '$[0]'), json_extract("value", '$[1]') FROM json_each(?) WHERE true
     ${countUpsert}`,
    [JSON.stringify([...counts])],
  );
}

/**
 * Indexes up to `limit` queued strategies in one transaction and takes them off the queue, except
 * one renamed again meanwhile (its `gen` moved on: it stays queued for the next batch). On
 * PostgreSQL the queue rows are taken FOR UPDATE SKIP LOCKED, so several workers index disjoint
 * batches; a rename's trigger waits for the batch to commit and queues its strategy again.
 * Returns how many strategies it indexed.
 */
export function* indexGramsBatch(provider: DbProvider, limit: number): Work<number> {
  const rows = yield* all<{ strategyId: string; gen: number | bigint }>(
    `SELECT "strategyId", "gen" FROM "StrategyGramQueue" ORDER BY "strategyId" LIMIT ?${provider === "postgres" ? " FOR UPDATE SKIP LOCKED" : ""}`,
    [limit],
  );
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.strategyId);
  const marks = ids.map(() => "?").join(", ");
  yield* addGrams(provider, ids);
  // `strategyId IN` is the index condition; the gen check then filters those few rows (a row-value
  // IN over VALUES was planned by PostgreSQL as a walk of the whole queue's index per batch)
  yield* run(
    `DELETE FROM "StrategyGramQueue" WHERE "strategyId" IN (${marks}) AND ("strategyId" || ':' || CAST("gen" AS TEXT)) IN (${marks})`,
    [...ids, ...rows.map((r) => `${r.strategyId}:${Number(r.gen)}`)],
  );
  return rows.length;
}

/** How long the indexer waits after a batch that took `tookMs` (see indexGrams): at most
 *  INDEX_INTERVAL_MS, so a batch that waited long for a lock does not keep a stop waiting too. */
export function pauseAfterBatch(tookMs: number, opts: { pauseMs?: number; duty?: number }): number {
  const duty = opts.duty ?? 1;
  if (!(duty > 0 && duty <= 1)) throw new Error(`duty must be in (0, 1], not ${duty}`);
  return Math.min(INDEX_INTERVAL_MS, (opts.pauseMs ?? 0) + tookMs * (1 / duty - 1));
}

/**
 * Indexes every queued strategy, a batch per transaction (so the intake never waits long). Between
 * batches it waits `pauseMs`, plus, with `duty`, as long again as keeps its batches to that share of
 * the time.
 */
export async function indexGrams(opts: { store?: SqlStore; batch?: number; pauseMs?: number; duty?: number; keepGoing?: () => boolean } = {}): Promise<number> {
  const store = opts.store ?? getSqlStore();
  const batch = opts.batch ?? INDEX_BATCH;
  let indexed = 0;
  for (;;) {
    const started = performance.now();
    const n = await store.transaction(() => indexGramsBatch(store.provider, batch));
    indexed += n;
    if (n < batch || !(opts.keepGoing?.() ?? true)) return indexed;
    const pause = pauseAfterBatch(performance.now() - started, opts);
    if (pause > 0) await new Promise((r) => setTimeout(r, pause));
    // a stop asked for during the pause: no further batch
    if (!(opts.keepGoing?.() ?? true)) return indexed;
  }
}

const indexer = processSingleton<Periodic>("hookscope.strategies.gramIndexer");

/** Starts this process's gram indexer loop once (beside the relay worker). */
export function startGramIndexer(log: (l: string) => void = (l) => console.log(l)): void {
  indexer.start(() => {
    const loop: Periodic = startPeriodic({
      firstDelayMs: INDEX_INTERVAL_MS,
      intervalMs: () => INDEX_INTERVAL_MS,
      pass: () => indexGrams({ ...(getSqlStore().provider === "sqlite" ? SQLITE_LOOP : POSTGRES_LOOP), keepGoing: () => !loop.stopped() }),
      onError: (e) => log(`[strategies] search index pass failed (tried again at the next interval): ${e.message}`),
    });
    return loop;
  });
}

export const stopGramIndexer = (): Promise<void> => indexer.stop();
