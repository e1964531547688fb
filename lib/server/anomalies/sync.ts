// Persistent anomalies (model Anomaly, decision 0020), kept in step with the projections: each
// projection calls one of the sync* functions below with what its reducer just found, in the same
// intake transaction. The entity's open rows are read by one indexed lookup and compared by rule:
// a rule newly found is raised (insert), a rule no longer found is cleared; when nothing changed,
// which is what almost every event does, nothing is written. A raise or clear also writes a Change
// row (kind "anomaly") so the live stream announces it.
import { fillsAnomalies, traderAnomalies } from "@/lib/lifecycle/anomalies";
import type { BacktestState } from "@/lib/lifecycle/backtest";
import { lagAnomaly, type Arrival } from "@/lib/lifecycle/sla";
import type { PositionState, StrategyAnomaly } from "@/lib/lifecycle/strategy";
import type { Allocation, ExecutionState, OperationState, Reduced } from "@/lib/lifecycle/types";
import { getEnv } from "@/lib/env";
import type { ANOMALY_ENTITY_KINDS } from "@/lib/schemas/anomalies";
import { uuidv7 } from "@/lib/ids";
import { insertRow } from "@/lib/server/sql/insert";
import { all, asDate, first, lock, receive, run, send, type Sent, type Work } from "@/lib/server/sql/work";

export type AnomalyEntityKind = (typeof ANOMALY_ENTITY_KINDS)[number];

export type AnomalySubject = {
  kind: AnomalyEntityKind;
  id: string;
  provider: "zerohash" | "pipai";
  operationId?: string | null;
  strategyId?: string | null;
};

/** What a rule found: the shape of lib/lifecycle's Anomaly and StrategyAnomaly. */
export type Finding = { code: string; severity: string; message: string };

/** Rules that depend on time passing: the stuck sweep (./sweep.ts) raises and clears them, projections leave them alone. */
export const SWEEP_RULES: ReadonlySet<string> = new Set(["stuck", "execution_before_operation_terminal"]);

const SEVERITY_RANK: Record<string, number> = { info: 0, warning: 1, critical: 2 };

/** One finding per rule: the most severe severity, the first message (with how many more there are). */
export function byRule(found: readonly Finding[]): Map<string, Finding> {
  const groups = new Map<string, Finding[]>();
  for (const f of found) groups.set(f.code, [...(groups.get(f.code) ?? []), f]);
  const out = new Map<string, Finding>();
  for (const [code, fs] of groups) {
    const severity = fs.reduce((s, f) => ((SEVERITY_RANK[f.severity] ?? 0) > (SEVERITY_RANK[s] ?? 0) ? f.severity : s), fs[0]!.severity);
    const more = fs.length > 1 ? ` (+${fs.length - 1} more)` : "";
    out.set(code, { code, severity, message: `${fs[0]!.message}${more}` });
  }
  return out;
}

export const openKeyOf = (kind: string, id: string, rule: string) => `${kind}:${id}:${rule}`;

function anomalyChange(s: Pick<AnomalySubject, "kind" | "id" | "operationId" | "strategyId">, anomalyId: string, status: "raised" | "cleared", at: Date) {
  return insertRow("Change", {
    id: uuidv7(),
    kind: "anomaly",
    entity: s.kind,
    entityId: s.id,
    operationId: s.operationId ?? null,
    strategyId: s.strategyId ?? null,
    status,
    ref: anomalyId,
    at,
  });
}

/**
 * Raises `f` for the subject unless it is open already; true when a row was inserted. An open row
 * of the same rule is left in place (ON CONFLICT on the unique openKey: a concurrent raise by the
 * sweep or another intake is a no-op, never a unique violation) but takes the finding's severity
 * and message when they changed, so a finding that grew worse is not shown as it first was.
 */
export function* raiseAnomaly(s: AnomalySubject, f: Finding, at: Date): Work<boolean> {
  const id = uuidv7();
  const n = yield* run(
    `INSERT INTO "Anomaly" ("id", "rule", "severity", "provider", "entityKind", "entityId", "operationId", "strategyId", "message", "raisedAt", "state", "openKey")
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) ON CONFLICT ("openKey") DO NOTHING`,
    [id, f.code, f.severity, s.provider, s.kind, s.id, s.operationId ?? null, s.strategyId ?? null, f.message, at, openKeyOf(s.kind, s.id, f.code)],
  );
  if (n > 0) yield* anomalyChange(s, id, "raised", at);
  else yield* refreshOpen(openKeyOf(s.kind, s.id, f.code), f);
  return n > 0;
}

/** The open row's severity and message follow the current finding (written only when they differ). */
function* refreshOpen(openKey: string, f: Finding): Work<void> {
  yield* run(`UPDATE "Anomaly" SET "severity" = ?, "message" = ? WHERE "openKey" = ? AND ("severity" <> ? OR "message" <> ?)`, [f.severity, f.message, openKey, f.severity, f.message]);
}

/** Clears one open anomaly row; true when it was still open. */
export function* clearAnomaly(s: Pick<AnomalySubject, "kind" | "id" | "operationId" | "strategyId">, anomalyId: string, at: Date): Work<boolean> {
  const n = yield* run(`UPDATE "Anomaly" SET "clearedAt" = ?, "state" = 'cleared', "openKey" = NULL WHERE "id" = ? AND "clearedAt" IS NULL`, [at, anomalyId]);
  if (n > 0) yield* anomalyChange(s, anomalyId, "cleared", at);
  return n > 0;
}

export type OpenRow = { id: string; rule: string; severity: string; message: string };
const OPEN_ROWS = `SELECT "id", "rule", "severity", "message" FROM "Anomaly" WHERE "entityKind" = ? AND "entityId" = ? AND "clearedAt" IS NULL`;

/**
 * Sends the read of an entity's open anomalies ahead (work.ts `send`), for its sync to take: on
 * PostgreSQL it then rides in the round trip of the projection's own read. It must be sent after the
 * entity's lock (lockedEventSetWith), so it sees what the previous holder committed, and after any
 * read whose outcome decides whether the sync waits for another lock (see syncExecutionAnomalies).
 */
export function sendOpenAnomalies(kind: AnomalyEntityKind, id: string): Work<Sent<OpenRow>> {
  return send<OpenRow>(OPEN_ROWS, [kind, id]);
}

/**
 * Brings the subject's open anomalies in line with `found` (rules of the sweep excepted): one
 * indexed read; writes only for the rules that appeared or went away, or whose severity or message
 * changed (a finding that grew worse shows as it is now).
 */
export function* syncAnomalies(s: AnomalySubject, found: readonly Finding[], at: Date, sent?: Sent<OpenRow>): Work<ReadonlySet<string>> {
  const open = sent ? yield* receive(sent) : yield* all<OpenRow>(OPEN_ROWS, [s.kind, s.id]);
  const next = byRule(found.filter((f) => !SWEEP_RULES.has(f.code)));
  const openRules = new Set(open.map((r) => r.rule));
  if (open.length === 0 && next.size === 0) return openRules;
  for (const f of next.values()) {
    const o = open.find((r) => r.rule === f.code);
    if (!o) yield* raiseAnomaly(s, f, at);
    else if (o.severity !== f.severity || o.message !== f.message) yield* refreshOpen(openKeyOf(s.kind, s.id, f.code), f);
  }
  for (const r of open) if (!next.has(r.rule) && !SWEEP_RULES.has(r.rule)) yield* clearAnomaly(s, r.id, at);
  return openRules;
}

const lagOf = (arrivals: readonly Arrival[]): Finding[] => {
  const a = lagAnomaly(arrivals, getEnv().HOOKSCOPE_LAG_THRESHOLD);
  return a ? [a] : [];
};

type Transitioned = { updated_at: string; received_at: string };
const arrivalsOf = (ts: readonly Transitioned[]): Arrival[] => ts.map((t) => ({ event_at: t.updated_at, received_at: t.received_at }));

/**
 * zerohash operation: its reducer's findings and provider lag. Its arrival clears
 * `operation_missing`; the executions that settled before it were checked without its allocations,
 * so their fills are checked again now (only then: one read of the operation's settled executions).
 */
export function* syncOperationAnomalies(r: Reduced<OperationState>, at: Date, sent?: Sent<OpenRow>): Work<void> {
  const s = r.state;
  const before = yield* syncAnomalies({ kind: "operation", id: s.id, provider: "zerohash", operationId: s.id, strategyId: s.strategy_id }, [...r.anomalies, ...lagOf(arrivalsOf(r.transitions))], at, sent);
  if (!before.has("operation_missing")) return;
  const settled = yield* all<{ id: string; participantCode: string; instructions: string; updatedAt: unknown; strategyId: string }>(
    `SELECT "id", "participantCode", "instructions", "updatedAt", "strategyId" FROM "Execution" WHERE "operationId" = ? AND "status" = 'settled'`,
    [s.id],
  );
  for (const e of settled) {
    const ex = { id: e.id, participant_code: e.participantCode, instructions: JSON.parse(e.instructions) as ExecutionState["instructions"], updated_at: e.updatedAt == null ? "" : asDate(e.updatedAt).toISOString() };
    const fill = byRule(fillsAnomalies(s, ex)).get("fills_mismatch");
    if (fill) yield* raiseAnomaly({ kind: "execution", id: e.id, provider: "zerohash", operationId: s.id, strategyId: e.strategyId || null }, fill, at);
  }
}

type OperationRow = { id: string; type: string; allocations: string };
const OPERATION_ROW = `SELECT "id", "type", "allocations" FROM "Operation" WHERE "id" = ?`;

/** An execution's reads sent ahead, for the operation its event names (null: none). */
export type ExecutionReadsAhead = { operationId: string | null; op: Sent<OperationRow> | null; open: Sent<OpenRow> };

/**
 * Sends the execution's reads ahead (sendOpenAnomalies): the operation row first, then the open
 * anomalies. In that order, the open rows are at least as recent as the operation row: once the row
 * is seen, the operation's first projection has committed, with any fills mismatch it raised on
 * this execution. When the row is missing the sync waits for the operation's lock and reads both
 * again.
 */
export function* sendExecutionReads(id: string, operationId: string | null): Work<ExecutionReadsAhead> {
  const op = operationId ? yield* send<OperationRow>(OPERATION_ROW, [operationId]) : null;
  return { operationId, op, open: yield* sendOpenAnomalies("execution", id) };
}

/**
 * zerohash execution: its reducer's findings, provider lag and, once settled, its fills against the
 * operation's allocations (one read of the operation row). Executions of an operation that has no
 * row yet raise `operation_missing` on that operation.
 */
export function* syncExecutionAnomalies(r: Reduced<ExecutionState>, at: Date, ahead?: ExecutionReadsAhead): Work<void> {
  const s = r.state;
  const readOp = (id: string) => first<OperationRow>(OPERATION_ROW, [id]);
  // what was sent ahead holds for the operation this event named; the state may name another
  const sent = ahead && ahead.operationId === (s.operation_id || null) ? ahead : undefined;
  let op = !s.operation_id ? undefined : sent?.op ? (yield* receive(sent.op))[0] : yield* readOp(s.operation_id);
  let open = sent?.open;
  // PostgreSQL runs intake transactions side by side: the operation's first event may be projecting
  // right now, holding its lock (lib/server/projection/events.ts) and about to read its open
  // anomalies, where it would not see the operation_missing this transaction raises. Wait for it and
  // read again. Only when the row is missing, so executions of a known operation never queue on it.
  // (SQLite write transactions are serial already: the lock is a no-op there.)
  if (!op && s.operation_id) {
    yield* lock(`operation:${s.operation_id}`);
    op = yield* readOp(s.operation_id);
    // the open rows read ahead predate the wait: the operation's transaction may have raised a
    // fills mismatch on this execution meanwhile (syncOperationAnomalies), so they are read again
    open = undefined;
  }
  const fills = s.status === "settled" ? fillsAnomalies(op ? { id: op.id, type: op.type, allocations: JSON.parse(op.allocations) as Allocation[] } : null, s) : [];
  yield* syncAnomalies(
    { kind: "execution", id: s.id, provider: "zerohash", operationId: s.operation_id || null, strategyId: s.strategy_id || null },
    [...r.anomalies, ...fills, ...lagOf(arrivalsOf(r.transitions))],
    at,
    open,
  );
  // a settled execution carrying a trader id is that trader's enrollment: its gap closes
  if (s.status === "settled" && s.trader_id) {
    const readGap = () => first<{ id: string }>(`SELECT "id" FROM "Anomaly" WHERE "openKey" = ?`, [openKeyOf("trader", s.trader_id, "missed_events")]);
    let gap = yield* readGap();
    // as above: trader.created may be projecting under its lock (lib/server/projection/zerohash.ts),
    // not seeing this settled execution yet and raising the gap; wait for it and look again
    if (!gap) {
      yield* lock(`trader:${s.trader_id}`);
      gap = yield* readGap();
    }
    if (gap) yield* clearAnomaly({ kind: "trader", id: s.trader_id, strategyId: s.strategy_id || null }, gap.id, at);
  }
  if (!op && s.operation_id) {
    yield* raiseAnomaly(
      { kind: "operation", id: s.operation_id, provider: "zerohash", operationId: s.operation_id, strategyId: s.strategy_id || null },
      { code: "operation_missing", severity: "warning", message: `operation ${s.operation_id} known only from its executions: execution ${s.id} (${s.participant_code || "?"}) arrived, no operation webhook yet` },
      at,
    );
  }
}

/**
 * zerohash trader: the gap "no settled enrollment seen" (lib/lifecycle traderAnomalies) while no
 * settled execution carries its id (index [traderId]); that execution's projection clears it.
 */
export function* syncTraderAnomalies(t: { id: string; strategy_id: string; participant_code: string }, at: Date, ahead?: TraderReadsAhead): Work<void> {
  const enrolled = (yield* (ahead ? receive(ahead.enrolled) : all<{ id: string }>(ENROLLED, [t.id])))[0];
  yield* syncAnomalies({ kind: "trader", id: t.id, provider: "zerohash", strategyId: t.strategy_id }, traderAnomalies(t, enrolled !== undefined), at, ahead?.open);
}

const ENROLLED = `SELECT "id" FROM "Execution" WHERE "traderId" = ? AND "status" = 'settled' LIMIT 1`;

export type TraderReadsAhead = { enrolled: Sent<{ id: string }>; open: Sent<OpenRow> };

/** Sends the trader's reads ahead (sendOpenAnomalies), under its lock: its enrollment and open anomalies. */
export function* sendTraderReads(id: string): Work<TraderReadsAhead> {
  return { enrolled: yield* send<{ id: string }>(ENROLLED, [id]), open: yield* sendOpenAnomalies("trader", id) };
}

/**
 * PipAI strategy (its own lifecycle findings, fills after a stop, provider lag) and the position
 * this event touched (open/close gaps), each as its own entity.
 */
export function* syncStrategyAnomalies(
  strategyId: string,
  own: readonly StrategyAnomaly[],
  worstLag: Arrival | null,
  position: PositionState | null,
  at: Date,
  ahead?: StrategyReadsAhead,
): Work<void> {
  yield* syncAnomalies({ kind: "strategy", id: strategyId, provider: "pipai", strategyId }, [...own, ...lagOf(worstLag ? [worstLag] : [])], at, ahead?.strategy);
  const sentPosition = position && ahead?.positionId === position.id ? ahead.position : undefined;
  if (position) yield* syncAnomalies({ kind: "position", id: position.id, provider: "pipai", strategyId }, position.anomalies, at, sentPosition ?? undefined);
}

/** A strategy event's open anomalies sent ahead: the strategy's, and the position's it touched. */
export type StrategyReadsAhead = { strategy: Sent<OpenRow>; positionId: string | null; position: Sent<OpenRow> | null };

/** Sends the strategy's (and the position's) open anomalies ahead, under the strategy's lock (sendOpenAnomalies). */
export function* sendStrategyAnomalies(strategyId: string, positionId: string | null): Work<StrategyReadsAhead> {
  return { strategy: yield* sendOpenAnomalies("strategy", strategyId), positionId, position: positionId ? yield* sendOpenAnomalies("position", positionId) : null };
}

/** PipAI backtest job: conflicting outcomes. */
export function* syncBacktestAnomalies(jobId: string, b: Pick<BacktestState, "anomalies" | "strategy_id">, at: Date, sent?: Sent<OpenRow>): Work<void> {
  yield* syncAnomalies({ kind: "backtest", id: jobId, provider: "pipai", strategyId: b.strategy_id }, b.anomalies, at, sent);
}
