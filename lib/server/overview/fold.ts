// Folding the overview's tallies (InboundTally, AttemptTally, RejectionTally; migrations
// 20261129201000 and 20261206120000). On PostgreSQL their triggers spread each group's count over
// 8 slots (a hash of the row id), so concurrent transactions rarely wait on one tally row; once a
// bucket is closed nothing but a late write touches it, and its 8 rows only cost reads: the 7-day
// overview at 1M events read 7,851 tally rows spread over thousands of pages. This pass, run by the
// worker beside retention (../retention/pruner.ts), moves the other slots' counts into slot 0
// (one row per group), and deletes slot-0 rows whose count is 0 (a bucket whose requests retention
// deleted), on both databases. Only the sum over a group's slots is a count, so a write that lands
// after the fold (a retention delete, a server whose clock is behind) adds a row of its own that the
// next pass folds in; the sums the overview reads are the same before, during and after.
//
// Locks: each chunk first makes sure every group's slot 0 exists (one statement of its own), then,
// in one transaction, locks the chunk's rows in primary-key order, the order in which the
// triggers' sorted upserts take them, and only then moves and deletes them: a fold and a
// concurrent retention delete wait on each other instead of deadlocking. Should a deadlock slip
// through anyway, it ends this pass and the next one carries on.
import type { Db } from "@/lib/db";

export type TallyTable = "InboundTally" | "AttemptTally" | "RejectionTally";

type Tally = {
  table: TallyTable;
  /** Bucket sizes in seconds; null for a table without a size column (hourly only). */
  sizes: number[] | null;
  /** The primary key without the slot: one row per group once folded. */
  group: string[];
};

const TALLIES: Tally[] = [
  { table: "InboundTally", sizes: [300, 3600], group: ["size", "bucket", "provider", "outcome"] },
  { table: "AttemptTally", sizes: [300, 3600], group: ["size", "bucket", "outcome"] },
  { table: "RejectionTally", sizes: null, group: ["bucket", "reason"] },
];

/** Buckets per chunk (one transaction): 2 h of 5-minute buckets, a day of hourly ones. */
export const FOLD_CHUNK_BUCKETS = 24;
/** A bucket is folded once it ended this long ago: the writes of its last requests have committed. */
export const FOLD_GRACE_MS = 10 * 60_000;

export type FoldOptions = {
  /** Between chunks; the default lets the event loop (and the intake) run. */
  pause?: () => Promise<void>;
  /** Checked before each chunk: false ends the pass early (a stop). */
  keepGoing?: () => boolean;
};

/** Where a table's last complete pass ended, per size: buckets below it were folded then. */
export type FoldMarks = Map<string, number>;

export type FoldCounts = { folded: number; deleted: number };

/** Buckets are 32-bit integers (unix seconds / size). */
const MIN_BUCKET = -(2 ** 31);
const q = (c: string) => `"${c}"`;
const defaultPause = () => new Promise<void>((r) => setTimeout(r, 5));

/**
 * One pass: for each tally and bucket size, the closed buckets (ended `FOLD_GRACE_MS` before `now`)
 * after the last pass's end in `marks` (all of them on a process's first pass), and, for the tables
 * named in `revisit`, the buckets up to the time given there: retention deleted rows older than
 * that since the last pass, which left negative or zero rows in buckets folded long ago. Updates
 * `marks`; a pass ended early (a stop, a deadlock) leaves them as they were.
 */
export async function foldTallies(
  db: Db,
  provider: "sqlite" | "postgres",
  now: Date,
  marks: FoldMarks,
  revisit: ReadonlyMap<TallyTable, Date>,
  opts: FoldOptions = {},
): Promise<FoldCounts> {
  const pause = opts.pause ?? defaultPause;
  const counts: FoldCounts = { folded: 0, deleted: 0 };
  const pg = provider === "postgres";
  const p = (i: number) => (pg ? `$${i}` : "?");

  for (const t of TALLIES) {
    for (const size of t.sizes ?? [3600]) {
      const key = `${t.table}:${size}`;
      const sized = t.sizes !== null;
      // the range's condition, its placeholders numbered from `first`; its parameters are [size?, lo, hi]
      const where = (first: number) =>
        sized ? `${q("size")} = ${p(first)} AND ${q("bucket")} >= ${p(first + 1)} AND ${q("bucket")} < ${p(first + 2)}` : `${q("bucket")} >= ${p(first)} AND ${q("bucket")} < ${p(first + 1)}`;
      const args = (lo: number, hi: number) => (sized ? [size, lo, hi] : [lo, hi]);
      const bucketOf = (at: Date) => Math.floor(at.getTime() / 1000 / size);
      const closedBelow = bucketOf(new Date(now.getTime() - FOLD_GRACE_MS));

      /** Folds the buckets in [lo, hi) that have work in them; false when the pass must end. */
      const walk = async (lo: number, hi: number): Promise<boolean> => {
        for (;;) {
          if (opts.keepGoing?.() === false) return false;
          // the next bucket with work in it (a slot other than 0, or a zero row), found on the
          // primary key's (size, bucket) prefix
          const rows = await db.$queryRawUnsafe<{ b: number | bigint | null }[]>(
            `SELECT MIN(${q("bucket")}) AS b FROM ${q(t.table)} WHERE ${where(1)} AND (${q("slot")} <> 0 OR ${q("count")} = 0)`,
            ...args(lo, hi),
          );
          const b = rows[0]?.b;
          if (b === null || b === undefined) return true;
          const end = Math.min(Number(b) + FOLD_CHUNK_BUCKETS, hi);
          try {
            const r = await foldChunk(db, pg, t, where, args(Number(b), end));
            counts.folded += r.folded;
            counts.deleted += r.deleted;
          } catch (e) {
            // a deadlock with a concurrent write of the same rows: the next pass carries on
            if (isDeadlock(e)) return false;
            throw e;
          }
          lo = end;
          await pause();
        }
      };

      const mark = marks.get(key) ?? MIN_BUCKET;
      const until = revisit.get(t.table);
      if (until && mark > MIN_BUCKET && !(await walk(MIN_BUCKET, Math.min(bucketOf(until) + 1, mark)))) return counts;
      if (!(await walk(mark, closedBelow))) return counts;
      marks.set(key, closedBelow);
    }
  }
  return counts;
}

async function foldChunk(db: Db, pg: boolean, t: Tally, where: (first: number) => string, args: number[]): Promise<FoldCounts> {
  const group = t.group.map(q).join(", ");
  const pk = `${group}, ${q("slot")}`;
  if (pg) {
    // every group's slot 0 made to exist first, in its own statement, so that the transaction
    // below takes no lock but on rows it has already locked in order (an insert of a slot 0 that a
    // trigger inserts at the same moment is the one wait that order cannot cover)
    await db.$executeRawUnsafe(
      `INSERT INTO ${q(t.table)} (${pk}, ${q("count")}) SELECT DISTINCT ${group}, 0, 0 FROM ${q(t.table)} WHERE ${where(1)} AND ${q("slot")} <> 0 ORDER BY ${group} ON CONFLICT (${pk}) DO NOTHING`,
      ...args,
    );
  }
  return db.$transaction(async (tx) => {
    let folded = 0;
    if (pg) {
      // the chunk's rows locked in primary-key order first (see the head of this file)
      await tx.$queryRawUnsafe(`SELECT 1 FROM ${q(t.table)} WHERE ${where(1)} ORDER BY ${pk} FOR UPDATE`, ...args);
      const rows = await tx.$queryRawUnsafe<{ n: number | bigint }[]>(
        `WITH gone AS (DELETE FROM ${q(t.table)} WHERE ${where(1)} AND ${q("slot")} <> 0 RETURNING ${group}, ${q("count")}),
         kept AS (INSERT INTO ${q(t.table)} (${pk}, ${q("count")})
           SELECT ${group}, 0, SUM(${q("count")}) FROM gone GROUP BY ${group} ORDER BY ${group}
           ON CONFLICT (${pk}) DO UPDATE SET ${q("count")} = ${q(t.table)}.${q("count")} + excluded.${q("count")} RETURNING 1)
         SELECT COUNT(*) AS n FROM gone`,
        ...args,
      );
      folded = Number(rows[0]?.n ?? 0);
    }
    // a group whose sum is 0 holds no row any more (only slot 0 is left after the fold above):
    // deleting it changes no sum, and keeps the table as short as retention keeps the requests
    const deleted = await tx.$executeRawUnsafe(`DELETE FROM ${q(t.table)} WHERE ${where(1)} AND ${q("slot")} = 0 AND ${q("count")} = 0`, ...args);
    return { folded, deleted };
  });
}

/** PostgreSQL's 40P01 as the adapter reports it (a raw query's P2010, or P2034 for a transaction). */
function isDeadlock(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  return err?.code === "P2034" || /deadlock detected|40P01/.test(err?.message ?? "");
}
