// The stuck sweep: time passing without events is something no projection sees, so a loop beside
// the relay worker (lib/server/relay/run.ts) raises `stuck` (and, for a stuck operation whose
// executions are already terminal, `execution_before_operation_terminal`) and clears them once the
// entity moved on. Each pass reads entities in a status with an SLA whose updatedAt is older than
// that SLA and that have no open stuck anomaly yet (index [status, updatedAt] and the unique
// openKey), in small batches, each batch its own short transaction, so intake never waits long.
import { processSingleton, startPeriodic, type Periodic } from "@/lib/server/periodic";
import { settledBeforeOperation } from "@/lib/lifecycle/anomalies";
import { stuckAnomaly, type StuckSla } from "@/lib/lifecycle/sla";
import { EXECUTION_TERMINAL, OPERATION_STATUSES } from "@/lib/lifecycle/status";
import { getEnv } from "@/lib/env";
import { getSqlStore, type SqlStore } from "@/lib/server/sql/store";
import { all, asDate, first, type Work } from "@/lib/server/sql/work";
import { clearAnomaly, raiseAnomaly, type AnomalySubject } from "./sync";

export const SWEEP_BATCH = 100;
/** How often the worker sweeps. */
export const SWEEP_INTERVAL_MS = 30_000;

export type SweepCounts = { raised: number; cleared: number };

type Entity = { id: string; status: string; updatedAt: unknown; operationId: string | null; strategyId: string | null };

const TERMINAL_EXEC = EXECUTION_TERMINAL.map((s) => `'${s}'`).join(", ");
const kindOf = (status: string): "operation" | "execution" => ((OPERATION_STATUSES as readonly string[]).includes(status) ? "operation" : "execution");
const tableOf = (kind: "operation" | "execution") => (kind === "operation" ? "Operation" : "Execution");
const subjectOf = (kind: "operation" | "execution", e: Entity): AnomalySubject => ({ kind, id: e.id, provider: "zerohash", operationId: e.operationId, strategyId: e.strategyId });

/** Entities of one status past its SLA without an open stuck anomaly, oldest first. */
function* overdue(status: string, cutoff: Date, limit: number): Work<Entity[]> {
  const kind = kindOf(status);
  const opCol = kind === "operation" ? `t."id"` : `t."operationId"`;
  return yield* all<Entity>(
    `SELECT t."id", t."status", t."updatedAt", ${opCol} AS "operationId", t."strategyId" FROM "${tableOf(kind)}" t
    WHERE t."status" = ? AND t."updatedAt" < ?
      AND NOT EXISTS (SELECT 1 FROM "Anomaly" a WHERE a."openKey" = ? || t."id" || ':stuck')
    ORDER BY t."updatedAt" LIMIT ?`,
    [status, cutoff, `${kind}:`, limit],
  );
}

function* raiseBatch(status: string, now: Date, sla: StuckSla, limit: number): Work<{ seen: number; raised: number }> {
  const kind = kindOf(status);
  const rows = yield* overdue(status, new Date(now.getTime() - (sla[status] ?? 0)), limit);
  let raised = 0;
  for (const e of rows) {
    const stuck = stuckAnomaly({ kind, id: e.id, status: e.status, since: asDate(e.updatedAt) }, now, sla);
    if (!stuck) continue;
    if (yield* raiseAnomaly(subjectOf(kind, e), stuck, now)) raised++;
    if (kind === "operation") {
      const n = yield* first<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "Execution" WHERE "operationId" = ? AND "status" IN (${TERMINAL_EXEC})`, [e.id]);
      const gap = settledBeforeOperation({ id: e.id, status: e.status, last_event_at: asDate(e.updatedAt).toISOString() }, Number(n?.n ?? 0));
      if (gap && (yield* raiseAnomaly(subjectOf(kind, e), gap, now))) raised++;
    }
  }
  return { seen: rows.length, raised };
}

type OpenRow = { id: string; rule: string; entityKind: string; entityId: string; operationId: string | null; strategyId: string | null };

/** Open sweep anomalies after `afterId` whose entity is no longer stuck (moved on, or gone) are cleared. */
function* clearBatch(afterId: string, now: Date, sla: StuckSla, limit: number): Work<{ last: string | null; cleared: number }> {
  const rows = yield* all<OpenRow>(
    `SELECT "id", "rule", "entityKind", "entityId", "operationId", "strategyId" FROM "Anomaly"
    WHERE "rule" IN ('stuck', 'execution_before_operation_terminal') AND "state" IN ('open', 'acknowledged') AND "id" > ?
    ORDER BY "id" LIMIT ?`,
    [afterId, limit],
  );
  let cleared = 0;
  for (const a of rows) {
    const kind = a.entityKind === "execution" ? "execution" : "operation";
    const e = yield* first<{ status: string; updatedAt: unknown }>(`SELECT "status", "updatedAt" FROM "${tableOf(kind)}" WHERE "id" = ?`, [a.entityId]);
    const still = e && e.updatedAt != null && stuckAnomaly({ kind, id: a.entityId, status: e.status, since: asDate(e.updatedAt) }, now, sla) !== null;
    if (still) continue;
    if (yield* clearAnomaly({ kind, id: a.entityId, operationId: a.operationId, strategyId: a.strategyId }, a.id, now)) cleared++;
  }
  return { last: rows.length < limit ? null : (rows.at(-1)?.id ?? null), cleared };
}

export type SweepOptions = { store?: SqlStore; sla?: StuckSla; batch?: number; keepGoing?: () => boolean };

/** One full pass: raise for every status with an SLA, then clear what moved on. */
export async function sweepOnce(now: Date, opts: SweepOptions = {}): Promise<SweepCounts> {
  const store = opts.store ?? getSqlStore();
  const sla = opts.sla ?? getEnv().HOOKSCOPE_STUCK_SLA;
  const batch = opts.batch ?? SWEEP_BATCH;
  const keepGoing = opts.keepGoing ?? (() => true);
  const counts: SweepCounts = { raised: 0, cleared: 0 };
  for (const status of Object.keys(sla)) {
    for (;;) {
      const r = await store.transaction(() => raiseBatch(status, now, sla, batch));
      counts.raised += r.raised;
      // a full batch with nothing raised cannot happen (the rows had no open stuck anomaly), but never spin
      if (r.seen < batch || r.raised === 0 || !keepGoing()) break;
    }
  }
  let after = "";
  for (;;) {
    const r = await store.transaction(() => clearBatch(after, now, sla, batch));
    counts.cleared += r.cleared;
    if (r.last === null || !keepGoing()) break;
    after = r.last;
  }
  return counts;
}

const sweeper = processSingleton<Periodic>("hookscope.anomalies.sweeper");

/** Starts this process's sweep loop once (beside the relay worker). */
export function startSweeper(log: (l: string) => void = (l) => console.log(l)): void {
  sweeper.start(() => {
    const loop: Periodic = startPeriodic({
      firstDelayMs: SWEEP_INTERVAL_MS,
      intervalMs: () => SWEEP_INTERVAL_MS,
      pass: async () => {
        const c = await sweepOnce(new Date(), { keepGoing: () => !loop.stopped() });
        if (c.raised + c.cleared > 0) log(`[anomalies] stuck sweep raised ${c.raised}, cleared ${c.cleared}`);
      },
      onError: (e) => log(`[anomalies] stuck sweep failed (tried again at the next interval): ${e.message}`),
    });
    return loop;
  });
}

export const stopSweeper = (): Promise<void> => sweeper.stop();
