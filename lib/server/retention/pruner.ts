// The retention loop, run beside the relay worker (lib/server/relay/run.ts) in whichever process
// runs the worker: one pass shortly after start, then one every HOOKSCOPE_RETENTION_INTERVAL_MINUTES.
// Several workers (several processes on PostgreSQL) each prune; deletes of the same rows are
// harmless. Its schedule is kept in this process, so a server started with HOOKSCOPE_WORKER=off
// reports no next prune.
import { dbProvider, getDb, type Db } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import { metrics } from "@/lib/server/metrics/registry";
import { processSingleton, startPeriodic, type Periodic } from "@/lib/server/periodic";
import { foldTallies, type FoldMarks, type FoldOptions, type TallyTable } from "@/lib/server/overview/fold";
import { cutoff, pruneOnce, type PruneCounts, type PruneOptions } from "./prune";

/** The first pass waits this long after start, so a boot is never slowed by a backlog of pruning. */
export const FIRST_PASS_DELAY_MS = 15_000;

export type PrunerStatus = { nextRunAt: Date | null; lastRunAt: Date | null; lastCounts: PruneCounts | null; lastError: string | null };

export type Pruner = {
  start(): void;
  /** One pass now (tests, and the loop itself). */
  runOnce(): Promise<PruneCounts>;
  stop(): Promise<void>;
  status(): PrunerStatus;
};

const pruner = processSingleton<Pruner>("hookscope.retention.pruner");

export function createPruner(opts: { db?: () => Promise<Db>; env?: () => Env; clock?: () => number; log?: (l: string) => void; firstDelayMs?: number } & PruneOptions = {}): Pruner {
  const dbOf = opts.db ?? getDb;
  const envOf = opts.env ?? getEnv;
  const clock = opts.clock ?? Date.now;
  const log = opts.log ?? ((l: string) => console.log(l));
  const state: Omit<PrunerStatus, "nextRunAt"> = { lastRunAt: null, lastCounts: null, lastError: null };
  let loop: Periodic | null = null;
  const stopped = () => loop === null || loop.stopped();

  /** Passes asked for directly (runOnce) run to the end even while the loop is stopped. */
  let manual = 0;
  // the overview's tallies are folded after each prune (lib/server/overview/fold.ts); where the
  // last fold ended, per tally, kept for this process's next pass
  const marks: FoldMarks = new Map();
  const pass = async () => {
    const now = new Date(clock());
    const db = await dbOf();
    const env = envOf();
    const keepGoing = () => !stopped() || manual > 0;
    const counts = await pruneOnce(db, env, now, {
      ...opts,
      keepGoing,
      onBatch: (table, n) => {
        metrics().retentionPruned.inc({ table }, n);
        opts.onBatch?.(table, n);
      },
    });
    // the tallies of the tables retention deleted from are walked again up to the latest cut-off
    // that deleted rows
    const cut = (deleted: number, days: number) => (deleted > 0 ? (cutoff(days, now)?.getTime() ?? 0) : 0);
    const inboundUntil = Math.max(cut(counts.inbound_rejected, env.HOOKSCOPE_RETENTION_REJECTED_DAYS), cut(counts.inbound_accepted, env.HOOKSCOPE_RETENTION_INBOUND_DAYS));
    const attemptsUntil = cut(counts.delivery_attempts, env.HOOKSCOPE_RETENTION_ATTEMPTS_DAYS);
    const revisit = new Map<TallyTable, Date>();
    if (inboundUntil > 0) revisit.set("InboundTally", new Date(inboundUntil)).set("RejectionTally", new Date(inboundUntil));
    if (attemptsUntil > 0) revisit.set("AttemptTally", new Date(attemptsUntil));
    const fold: FoldOptions = { keepGoing, ...(opts.pause ? { pause: opts.pause } : {}) };
    try {
      await foldTallies(db, dbProvider(), now, marks, revisit, fold);
    } catch (e) {
      // the prune itself went through: its counts stand, and the fold carries on at the next pass
      log(`[retention] folding the overview's counts failed (tried again at the next pass): ${(e as Error).message}`);
    }
    state.lastRunAt = now;
    state.lastCounts = counts;
    state.lastError = null;
    const total = counts.inbound_rejected + counts.inbound_accepted + counts.delivery_attempts;
    if (total > 0) log(`[retention] pruned ${counts.inbound_rejected} rejected and ${counts.inbound_accepted} accepted inbound rows, ${counts.delivery_attempts} attempts of delivered deliveries`);
    return counts;
  };
  const runOnce = async () => {
    manual++;
    try {
      return await pass();
    } finally {
      manual--;
    }
  };

  return {
    start() {
      if (!stopped()) return;
      loop = startPeriodic({
        firstDelayMs: opts.firstDelayMs ?? FIRST_PASS_DELAY_MS,
        intervalMs: () => envOf().HOOKSCOPE_RETENTION_INTERVAL_MINUTES * 60_000,
        pass,
        onError: (e) => {
          state.lastError = e.message;
          log(`[retention] prune failed (tried again at the next interval): ${e.message}`);
        },
        clock,
      });
    },
    runOnce,
    async stop() {
      await loop?.stop();
    },
    status: () => ({ ...state, nextRunAt: loop?.nextRunAt() ?? null }),
  };
}

export function startPruner(): Pruner {
  return pruner.start(() => {
    const p = createPruner();
    p.start();
    return p;
  });
}

export const stopPruner = (): Promise<void> => pruner.stop();

/** This process's pruner, if it runs one. */
export const runningPruner = (): Pruner | null => pruner.current();
