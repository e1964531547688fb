// PipAI projections. Strategy, position and backtest rows are rebuilt from the full event set of
// their subject by the pure reducers in lib/lifecycle (arrival order never matters); fills and
// account alerts are one row per event. Runs inside the intake transaction.
import { dbProvider } from "@/lib/db";
import type { EventRecord, Tx } from "@/lib/intake/types";
import { reduceBacktest } from "@/lib/lifecycle/backtest";
import { reduceStrategy, STATUS_OF_TYPE, type PipaiEnvelope, type PipaiLifecycleEvent } from "@/lib/lifecycle/strategy";
import type { PipaiEvent } from "@/lib/providers/pipai/schema";

const PROVIDER = "pipai";

async function lock(tx: Tx, key: string) {
  if (dbProvider() !== "postgres") return;
  await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext($1))", key);
}

const toDate = (s: string | null | undefined) => (s ? new Date(s) : null);
const asEvents = (rows: { externalId: string; receivedAt: Date; payload: string }[]): PipaiLifecycleEvent[] =>
  rows.map((r) => ({ notificationId: r.externalId, receivedAt: r.receivedAt, payload: JSON.parse(r.payload) as PipaiEnvelope }));

async function receivedAtOf(tx: Tx, externalId: string): Promise<Date> {
  const row = await tx.event.findUniqueOrThrow({ where: { provider_externalId: { provider: PROVIDER, externalId } }, select: { receivedAt: true } });
  return row.receivedAt;
}

/** Rebuilds the strategy row (and the touched position) from every PipAI event of the strategy. */
export async function projectPipaiStrategy(tx: Tx, strategyId: string, positionId: string | null) {
  await lock(tx, `strategy:${strategyId}`);
  const rows = await tx.event.findMany({ where: { provider: PROVIDER, strategyId }, select: { externalId: true, receivedAt: true, payload: true } });
  const r = reduceStrategy(asEvents(rows));
  if (!r) return;
  const s = r.state;
  const data = {
    provider: PROVIDER,
    name: s.name,
    status: s.status,
    capital: s.capital,
    leverage: s.leverage,
    deployedAt: toDate(s.deployed_at),
    dryRun: s.dry_run,
    lastErrorCode: s.last_error?.error_code ?? null,
    lastErrorMessage: s.last_error?.message ?? null,
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
    anomalies: JSON.stringify(r.anomalies),
    anomalyCount: r.anomalies.length,
  };
  await tx.strategy.upsert({ where: { id: strategyId }, create: { id: strategyId, ...data }, update: { ...data, version: { increment: 1 } } });

  const p = positionId ? r.positions.find((x) => x.id === positionId) : undefined;
  if (p) {
    const pdata = {
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
    };
    await tx.position.upsert({ where: { id: p.id }, create: { id: p.id, ...pdata }, update: pdata });
  }
}

async function projectBacktest(tx: Tx, jobId: string) {
  await lock(tx, `backtest:${jobId}`);
  const rows = await tx.event.findMany({ where: { provider: PROVIDER, subjectType: "backtest", subjectId: jobId }, select: { externalId: true, receivedAt: true, payload: true } });
  const b = reduceBacktest(asEvents(rows));
  if (!b) return;
  const data = {
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
    errorMessage: b.error_message,
    finishedAt: toDate(b.finished_at),
    receivedAt: new Date(b.received_at),
    eventCount: b.event_count,
    anomalies: JSON.stringify(b.anomalies),
  };
  await tx.backtest.upsert({ where: { id: jobId }, create: { id: jobId, ...data }, update: data });
}

export async function projectPipai(tx: Tx, record: EventRecord, ev: PipaiEvent) {
  if (ev.kind === "modelled") {
    switch (ev.type) {
      case "strategy.order_filled": {
        const d = ev.data;
        await tx.fill.create({
          data: { id: ev.id, strategyId: d.strategy_id, orderId: d.order_id, symbol: d.symbol, side: d.side, orderType: d.type, price: d.price, qty: d.qty, filledAt: new Date(d.filled_at), receivedAt: await receivedAtOf(tx, ev.id) },
        });
        break;
      }
      case "backtest.job_done":
      case "backtest.job_failed":
        await projectBacktest(tx, ev.data.job_id);
        break;
      case "account.balance_low":
        await tx.accountAlert.create({
          data: { id: ev.id, kind: "balance_low", asset: ev.data.asset, balance: ev.data.balance, threshold: ev.data.threshold, eventTime: new Date(ev.created_at), receivedAt: await receivedAtOf(tx, ev.id) },
        });
        break;
      case "account.api_key_rotated":
        await tx.accountAlert.create({
          data: { id: ev.id, kind: "api_key_rotated", keyId: ev.data.key_id, rotatedAt: new Date(ev.data.rotated_at), eventTime: new Date(ev.created_at), receivedAt: await receivedAtOf(tx, ev.id) },
        });
        break;
      default:
        break;
    }
  }
  if (record.strategyId) await projectPipaiStrategy(tx, record.strategyId, record.subjectType === "position" ? record.subjectId : null);
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
