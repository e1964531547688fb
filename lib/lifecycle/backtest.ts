// A PipAI backtest job's outcome from the SET of its events (job_done / job_failed). Pure.
import { dedupeEvents } from "./order";
import type { PipaiLifecycleEvent, StrategyAnomaly } from "./strategy";
import { timeOf } from "./strategy";

export type BacktestMetrics = {
  total_return: string | null;
  sharpe: string | null;
  max_drawdown: string | null;
  win_rate: string | null;
  total_trades: number | null;
  profit_factor: string | null;
};

export type BacktestState = {
  id: string;
  status: "done" | "failed";
  strategy_id: string | null;
  metrics: BacktestMetrics | null;
  /** the metrics object exactly as received (unknown keys kept) */
  raw_metrics: Record<string, unknown> | null;
  error_code: string | null;
  error_message: string | null;
  finished_at: string | null;
  received_at: string;
  event_count: number;
  anomalies: StrategyAnomaly[];
};

const DONE = "backtest.job_done";
const FAILED = "backtest.job_failed";
const s = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : null);

/** Where an outcome sorts: its time (unparseable first), failed before done, then the event id. */
function compareOutcomes(a: PipaiLifecycleEvent, b: PipaiLifecycleEvent): number {
  return (
    timeOf(a.payload.created_at) - timeOf(b.payload.created_at) ||
    (a.payload.type === b.payload.type ? 0 : a.payload.type === FAILED ? -1 : 1) ||
    (a.notificationId < b.notificationId ? -1 : a.notificationId > b.notificationId ? 1 : 0)
  );
}

const isOutcome = (e: PipaiLifecycleEvent) => e.payload.type === DONE || e.payload.type === FAILED;

/**
 * The latest outcome by the event's own created_at wins; on equal times `done` wins over
 * `failed` (a result exists), then the event id decides. Both outcomes present is flagged.
 */
export function reduceBacktest(input: readonly PipaiLifecycleEvent[]): BacktestState | null {
  const events = dedupeEvents(input).filter(isOutcome).sort(compareOutcomes);
  const last = events.at(-1);
  if (!last) return null;
  let minReceived = Number.POSITIVE_INFINITY;
  for (const e of input) minReceived = Math.min(minReceived, e.receivedAt.getTime());
  return backtestRow({ last: stored(last), types: [...new Set(events.map((e) => e.payload.type))].sort(), count: events.length, minReceived });
}

/**
 * What a backtest row is made of, kept with it (JSON) so that the next outcome event updates it
 * without reading the job's events again: the winning event, the outcome types seen, the count and
 * the earliest arrival. Each is an order-independent fold (max, union, count, min).
 */
export type BacktestAggregate = {
  last: { notificationId: string; receivedAt: string; payload: PipaiLifecycleEvent["payload"] };
  types: string[];
  count: number;
  minReceived: number;
};

const stored = (e: PipaiLifecycleEvent): BacktestAggregate["last"] => ({ notificationId: e.notificationId, receivedAt: e.receivedAt.toISOString(), payload: e.payload });
const event = (s: BacktestAggregate["last"]): PipaiLifecycleEvent => ({ notificationId: s.notificationId, receivedAt: new Date(s.receivedAt), payload: s.payload });

/** The aggregate after one new outcome event of the job (never a duplicate: the intake stores an id once). */
export function foldBacktest(prev: BacktestAggregate | null, e: PipaiLifecycleEvent): BacktestAggregate | null {
  if (!isOutcome(e)) return prev;
  const received = e.receivedAt.getTime();
  if (!prev) return { last: stored(e), types: [e.payload.type], count: 1, minReceived: received };
  return {
    last: compareOutcomes(e, event(prev.last)) > 0 ? stored(e) : prev.last,
    types: [...new Set([...prev.types, e.payload.type])].sort(),
    count: prev.count + 1,
    minReceived: Math.min(prev.minReceived, received),
  };
}

/** A stored aggregate read back, or null when the row has none. */
export function parseBacktestAggregate(json: unknown): BacktestAggregate | null {
  if (typeof json !== "string" || json === "") return null;
  try {
    const a = JSON.parse(json) as Partial<BacktestAggregate> | null;
    return a && a.last && Array.isArray(a.types) && typeof a.count === "number" && typeof a.minReceived === "number" ? (a as BacktestAggregate) : null;
  } catch {
    return null;
  }
}

/** The row an aggregate stands for. */
export function backtestRow(a: BacktestAggregate): BacktestState {
  const last = a.last;
  const d = (last.payload.data ?? {}) as Record<string, unknown>;
  const m = d.metrics && typeof d.metrics === "object" && !Array.isArray(d.metrics) ? (d.metrics as Record<string, unknown>) : null;
  const anomalies: StrategyAnomaly[] = [];
  if (a.types.length > 1) {
    anomalies.push({ code: "conflicting_outcome", severity: "warning", message: `job ${String(d.job_id)} reported both done and failed; the latest (${last.payload.type}) is shown`, at: last.payload.created_at });
  }
  const done = last.payload.type === DONE;
  const trades = m?.total_trades;
  return {
    id: String(d.job_id ?? ""),
    status: done ? "done" : "failed",
    strategy_id: typeof d.strategy_id === "string" ? d.strategy_id : null,
    metrics: done && m
      ? {
          total_return: s(m.total_return),
          sharpe: s(m.sharpe),
          max_drawdown: s(m.max_drawdown),
          win_rate: s(m.win_rate),
          total_trades: typeof trades === "number" && Number.isInteger(trades) ? trades : typeof trades === "string" && /^\d+$/.test(trades) ? Number(trades) : null,
          profit_factor: s(m.profit_factor),
        }
      : null,
    raw_metrics: done ? m : null,
    error_code: done ? null : s(d.error_code),
    error_message: done ? null : s(d.message),
    finished_at: Number.isFinite(timeOf(last.payload.created_at)) ? new Date(timeOf(last.payload.created_at)).toISOString() : null,
    received_at: Number.isFinite(a.minReceived) ? new Date(a.minReceived).toISOString() : "",
    event_count: a.count,
    anomalies,
  };
}
