// The strategies list's `q`: a case-insensitive substring of the id or the name (LIKE on SQLite,
// ILIKE on PostgreSQL), at any number of strategies.
//
// A substring filter cannot use a B-tree, so the list walked every strategy for an id that matches
// one (12× slower at 1M events on PostgreSQL, issue 12). StrategyGram holds each strategy's
// trigrams (database triggers, prisma/models/strategy.prisma); a strategy that contains `q`
// contains every trigram of `q`. So the candidates are the strategies holding `q`'s rarest trigram
// (each trigram's count is read with a LIMIT, FIRST_COUNT then MAX_CANDIDATES when every trigram
// passed the first, so finding it costs at most trigrams × MAX_CANDIDATES index entries), and the
// list keeps its own substring filter on those, exactly as before: the index only narrows, it
// never decides a match.
import type { Db } from "@/lib/db";
import type { DbProvider } from "@/lib/db-url";

/** Past this many strategies holding even the rarest trigram, the list walks them all as before. */
export const MAX_CANDIDATES = 1000;
/** Trigrams are first counted up to this, so a query with a rare trigram reads few index entries. */
const FIRST_COUNT = 100;

/**
 * The ids of the strategies that may contain `q` (a superset of the matches), or null when the
 * trigrams cannot narrow it: `q` has no run of 3 characters free of LIKE's `%`, `_` and the
 * escape `\` (so a query of 1 or 2 characters), or every trigram is in more than MAX_CANDIDATES
 * strategies. Those fall back to the plain walk in lastReceivedAt order, which stops after one
 * page of matches: a short or common query matches many strategies, so the page fills early.
 */
export async function strategyCandidates(db: Db, provider: DbProvider, q: string): Promise<string[] | null> {
  // The trigrams are cut from the database's lower(q), the function the triggers used, so both
  // sides fold case the same way (ASCII only on SQLite, as its LIKE; Unicode on PostgreSQL).
  // Trigrams holding a LIKE metacharacter are left out, whether Prisma escapes them or not.
  const sql = (limit: number) =>
    provider === "postgres"
      ? `WITH g AS (
           SELECT DISTINCT substr(l, i, 3) AS gram FROM (SELECT lower($1::text) AS l) q CROSS JOIN LATERAL generate_series(1, length(l) - 2) AS i
         )
         SELECT gram, (SELECT COUNT(*) FROM (SELECT 1 FROM "StrategyGram" s WHERE s."gram" = g.gram LIMIT ${limit + 1}) x)::int AS n
         FROM g WHERE strpos(gram, '%') = 0 AND strpos(gram, '_') = 0 AND strpos(gram, '\\') = 0 ORDER BY n, gram LIMIT 1`
      : `WITH g AS (
           SELECT DISTINCT substr(q.l, j.key + 1, 3) AS gram FROM (SELECT lower(?) AS l) q,
             json_each('[' || rtrim(replace(hex(zeroblob(max(length(q.l) - 2, 0))), '00', '0,'), ',') || ']') j
         )
         SELECT gram, (SELECT COUNT(*) FROM (SELECT 1 FROM "StrategyGram" s WHERE s."gram" = g.gram LIMIT ${limit + 1})) AS n
         FROM g WHERE instr(gram, '%') = 0 AND instr(gram, '_') = 0 AND instr(gram, '\\') = 0 ORDER BY n, gram LIMIT 1`;
  const rarestUpTo = async (limit: number) => (await db.$queryRawUnsafe<{ gram: string; n: number | bigint }[]>(sql(limit), q))[0];
  let rarest = await rarestUpTo(FIRST_COUNT);
  if (rarest && Number(rarest.n) > FIRST_COUNT) rarest = await rarestUpTo(MAX_CANDIDATES);
  if (!rarest || Number(rarest.n) > MAX_CANDIDATES) return null;
  if (Number(rarest.n) === 0) return [];
  const rows = await db.strategyGram.findMany({ where: { gram: rarest.gram }, select: { strategyId: true } });
  return rows.map((r) => r.strategyId);
}
