// A PipAI strategy row kept up to date one event at a time (docs/decisions/0024). The row carries
// what the next event needs (the lifecycle walk so far, the positions' anomalies), so an event
// updates it from its previous state instead of reducing the strategy's whole event set again.
// Every fold here is order-independent: counts and sums commute, min/max are idempotent, a position
// enters the totals as the difference between its state before and after the event (its state is a
// function of its own event set), and the lifecycle walk is continued only by an event that sorts
// after every lifecycle event walked so far; otherwise the caller redoes the walk over the
// strategy's lifecycle events (strategy.created / deployed / paused / error / stopped only, never
// its positions or fills). So any arrival order gives the row reduceStrategy() gives for the set
// (lib/lifecycle/strategy-fold.test.ts). Pure.
import Decimal from "decimal.js";
import {
  comparePositions,
  fillMarkOf,
  laterFill,
  type FillMark,
  compareLifecycleKeys,
  isLifecycleEvent,
  lifecycleKey,
  lifecycleState,
  reduceStrategy,
  stepLifecycle,
  strategyAnomalies,
  timeOf,
  walkStrategy,
  type LifecycleFold,
  type PipaiLifecycleEvent,
  type PositionState,
  type StrategyAnomaly,
  type StrategyState,
} from "./strategy";

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;
const dec = (s: string | null | undefined) => (typeof s === "string" && DECIMAL_RE.test(s.trim()) ? new D(s.trim()) : new D(0));

/** A position's place in the strategy's anomaly list, kept only while it has anomalies. */
type PositionAnomalies = { opened_at: string | null; anomalies: StrategyAnomaly[] };

/** What is stored with the row (JSON): the row's own state and what the next event needs. */
export type StrategyAggregate = {
  v: 1;
  state: StrategyState;
  life: LifecycleFold;
  positions: Record<string, PositionAnomalies>;
  /** the latest fill by its own time (a max, so order-free): the fill-after-stop rule needs no more */
  latestFill?: FillMark | null;
};

/** A position the event touched: its state from its events without this one, and with it. */
export type PositionChange = { before: PositionState | null; after: PositionState | null };

/** The row's anomaly list. */
export function aggregateAnomalies(a: StrategyAggregate): StrategyAnomaly[] {
  const positions = Object.entries(a.positions)
    .map(([id, p]) => ({ id, ...p }))
    .sort(comparePositions);
  return strategyAnomalies(a.life, positions, a.latestFill);
}

/**
 * The lifecycle walk with `e` in it: continued from `life` when `e` sorts after everything walked
 * (the usual case: events arrive in order), or null when the walk must be redone over the
 * lifecycle events (walkLifecycle), which the caller reads.
 */
export function advanceLifecycle(life: LifecycleFold, e: PipaiLifecycleEvent): LifecycleFold | null {
  if (!isLifecycleEvent(e)) return life;
  if (life.last !== null && compareLifecycleKeys(lifecycleKey(e), life.last) < 0) return null;
  return stepLifecycle(life, e).fold;
}

/** The lifecycle walk over a strategy's lifecycle events (other types are ignored). */
export function walkLifecycle(events: readonly PipaiLifecycleEvent[]): LifecycleFold {
  return walkStrategy(events).fold;
}

const minIso = (a: string, b: string) => (a === "" ? b : b === "" ? a : a <= b ? a : b);
const maxIso = (a: string, b: string) => (a === "" ? b : b === "" ? a : a >= b ? a : b);
const iso = (d: Date) => (d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : "");

/**
 * The row after one new event of the strategy (never a duplicate: the intake stores an event id
 * once). `life` is the lifecycle walk including `e` (advanceLifecycle, or walkLifecycle when it
 * said null); `position` the position `e` opened or closed, if any.
 */
export function foldStrategy(prev: StrategyAggregate | null, strategyId: string, e: PipaiLifecycleEvent, life: LifecycleFold, position: PositionChange | null): StrategyAggregate {
  const s = prev?.state;
  const t = timeOf(e.payload.created_at);
  const updated = s?.updated_at ?? null;
  const received = iso(e.receivedAt);
  let realized = dec(s?.realized_pnl ?? "0");
  let open = s?.open_positions ?? 0;
  let closed = s?.closed_positions ?? 0;
  const positions = { ...prev?.positions };
  if (position) {
    const { before, after } = position;
    if (before) {
      if (before.status === "closed") {
        closed--;
        realized = realized.minus(dec(before.pnl));
      } else open--;
    }
    if (after) {
      if (after.status === "closed") {
        closed++;
        realized = realized.plus(dec(after.pnl));
      } else open++;
      if (after.anomalies.length > 0) positions[after.id] = { opened_at: after.opened_at, anomalies: after.anomalies };
      else delete positions[after.id];
    }
  }
  const state: StrategyState = {
    ...lifecycleState(life),
    id: strategyId,
    updated_at: Number.isFinite(t) && (updated === null || t > Date.parse(updated)) ? new Date(t).toISOString() : updated,
    first_received_at: minIso(s?.first_received_at ?? "", received),
    last_received_at: maxIso(s?.last_received_at ?? "", received),
    event_count: (s?.event_count ?? 0) + 1,
    realized_pnl: realized.toFixed(),
    open_positions: open,
    closed_positions: closed,
    fill_count: (s?.fill_count ?? 0) + (e.payload.type === "strategy.order_filled" ? 1 : 0),
  };
  return { v: 1, state, life, positions, latestFill: laterFill(prev?.latestFill, fillMarkOf(e)) };
}

/** The aggregate of a whole event set at once: for a row stored before aggregates were (and tests). */
export function aggregateOf(events: readonly PipaiLifecycleEvent[]): StrategyAggregate | null {
  const r = reduceStrategy(events);
  if (!r) return null;
  const positions: Record<string, PositionAnomalies> = {};
  for (const p of r.positions) if (p.anomalies.length > 0) positions[p.id] = { opened_at: p.opened_at, anomalies: p.anomalies };
  const latestFill = r.fills.reduce<FillMark | null>((m, f) => laterFill(m, { order_id: f.order_id, filled_at: f.filled_at }), null);
  return { v: 1, state: r.state, life: walkLifecycle(events), positions, latestFill };
}

/** A stored aggregate read back, or null when the row has none (or one of another version). */
export function parseAggregate(json: unknown): StrategyAggregate | null {
  if (typeof json !== "string" || json === "") return null;
  try {
    const a = JSON.parse(json) as Partial<StrategyAggregate> | null;
    return a && a.v === 1 && a.state && a.life && a.positions ? (a as StrategyAggregate) : null;
  } catch {
    return null;
  }
}

