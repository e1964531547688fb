// A list filtered by an event-type prefix ("backtest.", or a whole type), newest first, at any size.
//
// `type >= prefix AND type < prefix⁺ ORDER BY time DESC` cannot walk a (type, time) index in time
// order: the range spans several types, so the database reads every row of all of them and sorts
// (the events explorer filtered by type went from 16 ms to 210 ms as data grew, issue 12). Instead:
// the distinct types under the prefix, found by a skip scan of that index (one seek per type), then
// one `type = ? … ORDER BY time DESC LIMIT n` per type, each an ordered index walk that stops at n,
// merged. Cost: (types under the prefix) × (page size), whatever the table holds.
import type { Db } from "@/lib/db";
import type { DbProvider } from "@/lib/db-url";

/** Past this many types under one prefix, the caller falls back to the plain range query. */
export const MAX_TYPES = 32;

/** Columns led by their own index: (type, receivedAt), (eventType, createdAt), (status, updatedAt). */
const COLUMN = { Event: "type", Delivery: "eventType", Operation: "status" } as const;

/**
 * The distinct values of the type column of `table` that start with `prefix`, in order, by a
 * recursive skip scan of the (type, time) index; null when there are more than MAX_TYPES.
 */
export async function typesUnder(db: Db, provider: DbProvider, table: keyof typeof COLUMN, prefix: string): Promise<string[] | null> {
  // identifiers from the fixed map above; values are parameters (`$n` on PostgreSQL, `?` on SQLite)
  const t = `"${table}"`;
  const c = `"${COLUMN[table]}"`;
  let n = 0;
  const p = () => (provider === "postgres" ? `$${++n}` : "?");
  const upper = `${prefix}\uffff`;
  const sql = `
    WITH RECURSIVE walk(v) AS (
      SELECT (SELECT MIN(${c}) FROM ${t} WHERE ${c} >= ${p()} AND ${c} < ${p()})
      UNION ALL
      SELECT (SELECT MIN(${c}) FROM ${t} WHERE ${c} > walk.v AND ${c} < ${p()}) FROM walk WHERE walk.v IS NOT NULL
    )
    SELECT v FROM walk WHERE v IS NOT NULL LIMIT ${MAX_TYPES + 1}`;
  const rows = await db.$queryRawUnsafe<{ v: string }[]>(sql, prefix, upper, upper);
  if (rows.length > MAX_TYPES) return null;
  // the range is in the database's collation; keep only true prefixes
  return rows.map((r) => r.v).filter((v) => v.startsWith(prefix));
}

/**
 * One page of a list ordered by (`at` desc, id desc), filtered by a type prefix: `find(type)`
 * runs the page query for one type (with its `take`); the pages are merged and cut to `take`.
 * Without types (more than MAX_TYPES under the prefix) `find(null)` runs the range query.
 */
export async function pageByTypes<R extends { id: string }, T = string>(types: T[] | null, at: (r: R) => Date, take: number, find: (type: T | null) => Promise<R[]>): Promise<R[]> {
  if (types === null) return find(null);
  const pages = await Promise.all(types.map((t) => find(t)));
  return pages
    .flat()
    .sort((a, b) => at(b).getTime() - at(a).getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, take);
}
