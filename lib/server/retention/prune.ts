// Retention: what is past its window is deleted in small batches, oldest first, by an indexed time
// column, with a pause between batches so that the intake (which shares the database's write lock
// on SQLite) is never held for more than one short statement. Never pruned: events, deliveries,
// and everything projected from events. What goes (windows in lib/env.ts, 0 = keep forever):
// - InboundRequest rows with outcome rejected or error, by receivedAt ((outcome, receivedAt) index);
// - InboundRequest rows with outcome accepted or duplicate, by receivedAt (the event stays);
// - DeliveryAttempt rows by startedAt, only of deliveries whose status is delivered. Pending and
//   failed deliveries keep every attempt: they are work still to do or to look into. Attempt
//   numbers come from Delivery.attempts, so a later manual retry of a pruned delivery still gets
//   the next number.
import type { Db } from "@/lib/db";
import type { Env } from "@/lib/env";

export const PRUNE_BATCH = 500;
/** Batches in one pass: a pass ends after this many and the next pass carries on. */
export const MAX_BATCHES_PER_PASS = 200;
const DAY_MS = 86_400_000;

export type PruneTable = "inbound_rejected" | "inbound_accepted" | "delivery_attempts";
export type PruneCounts = Record<PruneTable, number>;

export type PruneOptions = {
  batchSize?: number;
  maxBatches?: number;
  /** Between batches; the default lets the event loop (and the intake) run. */
  pause?: () => Promise<void>;
  /** Checked before each batch: false ends the pass early (a stop). */
  keepGoing?: () => boolean;
  /** Told after each batch (metrics). */
  onBatch?: (table: PruneTable, deleted: number) => void;
};

const defaultPause = () => new Promise<void>((r) => setTimeout(r, 5));

export type RetentionWindows = Pick<Env, "HOOKSCOPE_RETENTION_REJECTED_DAYS" | "HOOKSCOPE_RETENTION_INBOUND_DAYS" | "HOOKSCOPE_RETENTION_ATTEMPTS_DAYS">;

/** The cut-off time of a window; null when the window keeps everything. */
export const cutoff = (days: number, now: Date): Date | null => (days > 0 ? new Date(now.getTime() - days * DAY_MS) : null);

/** One pass over every table: deletes what is older than its window, batch by batch. */
export async function pruneOnce(db: Db, env: RetentionWindows, now: Date, opts: PruneOptions = {}): Promise<PruneCounts> {
  const size = opts.batchSize ?? PRUNE_BATCH;
  const pause = opts.pause ?? defaultPause;
  let budget = opts.maxBatches ?? MAX_BATCHES_PER_PASS;
  const counts: PruneCounts = { inbound_rejected: 0, inbound_accepted: 0, delivery_attempts: 0 };
  const batch = async (table: PruneTable, run: () => Promise<{ deleted: number; more: boolean }>) => {
    for (;;) {
      if (budget <= 0 || opts.keepGoing?.() === false) return;
      budget--;
      const r = await run();
      counts[table] += r.deleted;
      if (r.deleted > 0) opts.onBatch?.(table, r.deleted);
      if (!r.more) return;
      await pause();
    }
  };

  const inbound = (table: PruneTable, outcome: string, before: Date) =>
    batch(table, async () => {
      // one outcome at a time, so the (outcome, receivedAt) index gives the oldest rows in order
      const rows = await db.inboundRequest.findMany({ where: { outcome, receivedAt: { lt: before } }, orderBy: { receivedAt: "asc" }, take: size, select: { id: true } });
      if (rows.length === 0) return { deleted: 0, more: false };
      const r = await db.inboundRequest.deleteMany({ where: { id: { in: rows.map((x) => x.id) } } });
      return { deleted: r.count, more: rows.length === size };
    });

  const rejectedBefore = cutoff(env.HOOKSCOPE_RETENTION_REJECTED_DAYS, now);
  if (rejectedBefore) for (const o of ["rejected", "error"]) await inbound("inbound_rejected", o, rejectedBefore);
  const acceptedBefore = cutoff(env.HOOKSCOPE_RETENTION_INBOUND_DAYS, now);
  if (acceptedBefore) for (const o of ["accepted", "duplicate"]) await inbound("inbound_accepted", o, acceptedBefore);

  const attemptsBefore = cutoff(env.HOOKSCOPE_RETENTION_ATTEMPTS_DAYS, now);
  if (attemptsBefore) {
    // Walks the startedAt index from the oldest attempt; attempts of deliveries that are not
    // delivered are stepped over (kept), so the walk resumes after the last attempt it saw.
    let after: { startedAt: Date; id: string } | null = null;
    await batch("delivery_attempts", async () => {
      const seen: { id: string; deliveryId: string; startedAt: Date }[] = await db.deliveryAttempt.findMany({
        where: {
          startedAt: { lt: attemptsBefore },
          ...(after ? { OR: [{ startedAt: { gt: after.startedAt } }, { startedAt: after.startedAt, id: { gt: after.id } }] } : {}),
        },
        orderBy: [{ startedAt: "asc" }, { id: "asc" }],
        take: size,
        select: { id: true, deliveryId: true, startedAt: true },
      });
      if (seen.length === 0) return { deleted: 0, more: false };
      after = seen[seen.length - 1]!;
      const delivered = await db.delivery.findMany({ where: { id: { in: [...new Set(seen.map((a) => a.deliveryId))] }, status: "delivered" }, select: { id: true } });
      const done = new Set(delivered.map((d) => d.id));
      const ids = seen.filter((a) => done.has(a.deliveryId)).map((a) => a.id);
      const r = ids.length > 0 ? await db.deliveryAttempt.deleteMany({ where: { id: { in: ids } } }) : { count: 0 };
      return { deleted: r.count, more: seen.length === size };
    });
  }
  return counts;
}

/** The oldest row each pruned table still holds (index-ordered reads); null when a table is empty. */
export async function oldestKept(db: Db): Promise<{ inbound: Date | null; attempt: Date | null }> {
  const [inbound, attempt] = await Promise.all([
    db.inboundRequest.findFirst({ orderBy: { receivedAt: "asc" }, select: { receivedAt: true } }),
    db.deliveryAttempt.findFirst({ orderBy: { startedAt: "asc" }, select: { startedAt: true } }),
  ]);
  return { inbound: inbound?.receivedAt ?? null, attempt: attempt?.startedAt ?? null };
}
