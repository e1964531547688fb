// PipAI projections. Strategy and backtest rows are aggregates kept up one event at a time: each
// row stores what the next event folds into (lib/lifecycle/strategy-fold.ts, backtest.ts), so an
// event reads the row, not the strategy's event set, and the folds are order-independent. A
// position is rebuilt from its own events (an open and a close, as a rule); fills and account
// alerts are one row per event. Steps of the intake transaction (lib/server/sql/work.ts).
import { escapeUnstorable } from "@/lib/intake/text";
import type { EventRecord, ProjectionContext } from "@/lib/intake/types";
import { backtestRow, foldBacktest, parseBacktestAggregate, type BacktestAggregate } from "@/lib/lifecycle/backtest";
import { EMPTY_LIFECYCLE, reducePosition, STATUS_OF_TYPE, strategyAnomalies, type PipaiEnvelope, type PipaiLifecycleEvent, type PositionState } from "@/lib/lifecycle/strategy";
import { advanceLifecycle, aggregateAnomalies, aggregateOf, foldStrategy, parseAggregate, walkLifecycle, type PositionChange } from "@/lib/lifecycle/strategy-fold";
import type { PipaiEvent } from "@/lib/providers/pipai/schema";
import { sendOpenAnomalies, sendStrategyAnomalies, syncBacktestAnomalies, syncStrategyAnomalies } from "@/lib/server/anomalies/sync";
import { insertRow, upsertRow } from "@/lib/server/sql/insert";
import { first, lock, type Work } from "@/lib/server/sql/work";
import { lockedEventSet, receiveStoredEvents, sendStoredEvents, storedEvents } from "./events";

const PROVIDER = "pipai";

const toDate = (s: string | null | undefined) => (s ? new Date(s) : null);

/**
 * Free text read back from stored payloads (names, error messages): U+0000 and unpaired surrogates
 * are escaped as `\uXXXX`, which both databases store alike (the schemas refuse them in ids and codes).
 */
const text = <T extends string | null | undefined>(s: T): T => (typeof s === "string" ? (escapeUnstorable(s) as T) : s);

/** The new event as the reducers see stored events. */
const lifecycleEvent = (ctx: ProjectionContext): PipaiLifecycleEvent => ({ notificationId: ctx.externalId, receivedAt: ctx.receivedAt, payload: ctx.payload as PipaiEnvelope });

/** The position `e` opened or closed: its state from its own events without `e`, and with it. */
function positionChange(events: readonly PipaiLifecycleEvent[], e: PipaiLifecycleEvent): PositionChange {
  return { before: reducePosition(events.filter((x) => x.notificationId !== e.notificationId)), after: reducePosition(events) };
}

/** Folds one new event of the strategy into its row (and writes the position it touched). */
export function* projectPipaiStrategy(strategyId: string, positionId: string | null, e: PipaiLifecycleEvent): Work<void> {
  yield* lock(`strategy:${strategyId}`);
  // reads of known keys, sent ahead under the lock: on PostgreSQL they ride with the row's read
  const positionEvents = positionId ? yield* sendStoredEvents(PROVIDER, { subjectType: "position", subjectId: positionId, strategyId }) : null;
  const open = yield* sendStrategyAnomalies(strategyId, positionId);
  const row = yield* first<{ aggregate: unknown }>(`SELECT "aggregate" FROM "Strategy" WHERE "id" = ?`, [strategyId]);
  const prev = parseAggregate(row?.aggregate);
  const position = positionEvents ? positionChange(yield* receiveStoredEvents<PipaiEnvelope>(positionEvents), e) : null;
  let agg;
  if (row && !prev) {
    // a row stored before aggregates existed: rebuilt from its event set this once
    agg = aggregateOf(yield* lockedEventSet<PipaiEnvelope>(PROVIDER, { strategyId }));
    if (!agg) return;
  } else {
    // An event that sorts before the last lifecycle event walked (it arrived late) has the walk
    // redone over the strategy's lifecycle events: a handful, never its positions or fills.
    const life =
      advanceLifecycle(prev?.life ?? EMPTY_LIFECYCLE, e) ?? walkLifecycle(yield* storedEvents<PipaiEnvelope>(PROVIDER, { subjectType: "strategy", subjectId: strategyId }));
    agg = foldStrategy(prev, strategyId, e, life, position);
  }
  const s = agg.state;
  // the strategy's anomaly list as of this event
  const anomalies = aggregateAnomalies(agg);
  yield* upsertRow(
    "Strategy",
    {
      id: strategyId,
      provider: PROVIDER,
      name: text(s.name),
      status: s.status,
      capital: s.capital,
      leverage: s.leverage,
      deployedAt: toDate(s.deployed_at),
      dryRun: s.dry_run,
      lastErrorCode: s.last_error?.error_code ?? null,
      lastErrorMessage: text(s.last_error?.message ?? null),
      lastErrorAt: toDate(s.last_error?.at),
      createdAt: toDate(s.created_at),
      updatedAt: toDate(s.updated_at),
      firstReceivedAt: new Date(s.first_received_at),
      lastReceivedAt: new Date(s.last_received_at),
      eventCount: s.event_count,
      realizedPnl: s.realized_pnl,
      openPositions: s.open_positions,
      closedPositions: s.closed_positions,
      fillCount: s.fill_count,
      anomalies: JSON.stringify(anomalies),
      anomalyCount: anomalies.length,
      aggregate: JSON.stringify(agg),
    },
    { version: true },
  );
  if (position?.after) yield* writePosition(position.after);
  yield* syncStrategyAnomalies(strategyId, strategyAnomalies(agg.life, [], agg.latestFill), agg.life.worstLag ?? null, position?.after ?? null, e.receivedAt, open);
}

function* writePosition(p: PositionState): Work<void> {
  yield* upsertRow("Position", {
    id: p.id,
    strategyId: p.strategy_id,
    symbol: p.symbol,
    side: p.side,
    status: p.status,
    entryPrice: p.entry_price,
    qty: p.qty,
    leverage: p.leverage,
    exitPrice: p.exit_price,
    exitQty: p.exit_qty,
    pnl: p.pnl,
    openedAt: toDate(p.opened_at),
    closedAt: toDate(p.closed_at),
    eventCount: p.event_count,
    anomalies: JSON.stringify(p.anomalies),
  });
}

/** Folds one new outcome event of the job into its row. */
function* projectBacktest(jobId: string, e: PipaiLifecycleEvent): Work<void> {
  yield* lock(`backtest:${jobId}`);
  const open = yield* sendOpenAnomalies("backtest", jobId);
  const row = yield* first<{ aggregate: unknown }>(`SELECT "aggregate" FROM "Backtest" WHERE "id" = ?`, [jobId]);
  const prev = parseBacktestAggregate(row?.aggregate);
  const agg =
    row && !prev
      ? // a row stored before aggregates existed: folded from its event set this once
        (yield* lockedEventSet<PipaiEnvelope>(PROVIDER, { subjectType: "backtest", subjectId: jobId })).reduce<BacktestAggregate | null>(foldBacktest, null)
      : foldBacktest(prev, e);
  if (!agg) return;
  const b = backtestRow(agg);
  // the backtest's anomaly list as of this event: b.anomalies
  yield* upsertRow("Backtest", {
    id: jobId,
    status: b.status,
    strategyId: b.strategy_id,
    totalReturn: b.metrics?.total_return ?? null,
    sharpe: b.metrics?.sharpe ?? null,
    maxDrawdown: b.metrics?.max_drawdown ?? null,
    winRate: b.metrics?.win_rate ?? null,
    totalTrades: b.metrics?.total_trades ?? null,
    profitFactor: b.metrics?.profit_factor ?? null,
    metrics: b.raw_metrics ? JSON.stringify(b.raw_metrics) : null,
    errorCode: b.error_code,
    errorMessage: text(b.error_message),
    finishedAt: toDate(b.finished_at),
    receivedAt: new Date(b.received_at),
    eventCount: b.event_count,
    anomalies: JSON.stringify(b.anomalies),
    aggregate: JSON.stringify(agg),
  });
  yield* syncBacktestAnomalies(jobId, b, e.receivedAt, open);
}

export function* projectPipai(record: EventRecord, ev: PipaiEvent, ctx: ProjectionContext): Work<void> {
  // One row per event: its id is the event id, and a duplicate never gets here (its event insert
  // already failed), so these are plain inserts.
  const receivedAt = ctx.receivedAt;
  if (ev.kind === "modelled") {
    switch (ev.type) {
      case "strategy.order_filled": {
        const d = ev.data;
        yield* insertRow("Fill", { id: ev.id, strategyId: d.strategy_id, orderId: d.order_id, symbol: d.symbol, side: d.side, orderType: d.type, price: d.price, qty: d.qty, filledAt: new Date(d.filled_at), receivedAt });
        break;
      }
      case "backtest.job_done":
      case "backtest.job_failed":
        yield* projectBacktest(ev.data.job_id, lifecycleEvent(ctx));
        break;
      case "account.balance_low":
        yield* insertRow("AccountAlert", { id: ev.id, kind: "balance_low", asset: ev.data.asset, balance: ev.data.balance, threshold: ev.data.threshold, eventTime: new Date(ev.created_at), receivedAt });
        break;
      case "account.api_key_rotated":
        yield* insertRow("AccountAlert", { id: ev.id, kind: "api_key_rotated", keyId: ev.data.key_id, rotatedAt: new Date(ev.data.rotated_at), eventTime: new Date(ev.created_at), receivedAt });
        break;
      default:
        break;
    }
  }
  if (record.strategyId) yield* projectPipaiStrategy(record.strategyId, record.subjectType === "position" ? record.subjectId : null, lifecycleEvent(ctx));
}

const strField = (data: unknown, key: string): string | null => {
  if (!data || typeof data !== "object") return null;
  const v = (data as Record<string, unknown>)[key];
  return typeof v === "string" && v !== "" ? v : null;
};

/** Provider-neutral columns of the Event row; subject ids make every event findable by any id. */
export function pipaiRecord(ev: PipaiEvent): EventRecord {
  const base: EventRecord = { type: ev.type, subjectType: null, subjectId: null, operationId: null, strategyId: null, status: null, statusReason: null, eventTime: new Date(ev.created_at) };
  // webhook.test carries dummy values: it belongs to nothing. Unknown types that name a strategy
  // still belong to its event set (shown raw on its page).
  if (ev.kind !== "modelled") return ev.kind === "test" ? base : { ...base, strategyId: strField(ev.data, "strategy_id") };
  switch (ev.type) {
    case "strategy.created":
    case "strategy.deployed":
    case "strategy.paused":
    case "strategy.stopped":
    case "strategy.error":
      return {
        ...base,
        subjectType: "strategy",
        subjectId: ev.data.strategy_id,
        strategyId: ev.data.strategy_id,
        status: STATUS_OF_TYPE[ev.type] ?? null,
        statusReason: ev.type === "strategy.error" ? ev.data.error_code : null,
      };
    case "strategy.position_opened":
    case "strategy.position_closed":
      return { ...base, subjectType: "position", subjectId: ev.data.position_id, strategyId: ev.data.strategy_id, status: ev.type === "strategy.position_closed" ? "closed" : "open" };
    case "strategy.order_filled":
      return { ...base, subjectType: "order", subjectId: ev.data.order_id, strategyId: ev.data.strategy_id, status: "filled" };
    case "backtest.job_done":
    case "backtest.job_failed":
      return {
        ...base,
        subjectType: "backtest",
        subjectId: ev.data.job_id,
        strategyId: null,
        status: ev.type === "backtest.job_done" ? "done" : "failed",
        statusReason: ev.type === "backtest.job_failed" ? ev.data.error_code : null,
      };
    case "account.balance_low":
      return { ...base, subjectType: "account", subjectId: ev.data.asset, status: "balance_low" };
    case "account.api_key_rotated":
      return { ...base, subjectType: "account", subjectId: ev.data.key_id, status: "api_key_rotated" };
  }
}
