// PipAI strategy, position, order and backtest state as pure functions of their event SETS.
// Sequenced by each event's own time (envelope created_at; opened_at / closed_at / filled_at
// inside data for positions and fills), never by arrival. See docs/decisions/0007.
import type { Arrival } from "./sla";
import Decimal from "decimal.js";
import { canonicalJson, dedupeEvents } from "./order";
import type { LifecycleEvent } from "./types";

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** A PipAI envelope as stored (the raw JSON body). Nothing here trusts the shapes. */
export type PipaiEnvelope = { id: string; type: string; created_at: string; data: Record<string, unknown> };
export type PipaiLifecycleEvent = LifecycleEvent<PipaiEnvelope>;

export const STRATEGY_STATUSES = ["draft", "deployed", "paused", "error", "stopped"] as const;
export type StrategyStatus = (typeof STRATEGY_STATUSES)[number];
/** Status a strategy has before any lifecycle event arrived (only positions / fills / errors seen). */
export const STRATEGY_STATUS_UNKNOWN = "unknown";

/** The lifecycle event types and the status each one sets (the event type is authoritative). */
export const STATUS_OF_TYPE: Readonly<Record<string, StrategyStatus>> = Object.freeze({
  "strategy.created": "draft",
  "strategy.deployed": "deployed",
  "strategy.paused": "paused",
  "strategy.error": "error",
  "strategy.stopped": "stopped",
});

/**
 * Allowed moves. draft → deployed ⇄ paused → stopped; error halts a running (or just-created)
 * strategy; from error the only ways on are a redeploy or stop (docs/decisions/0007). stopped is
 * terminal. deployed → deployed is a redeploy: not a status change, its capital/leverage apply.
 */
export const STRATEGY_TRANSITIONS: Readonly<Record<StrategyStatus, readonly StrategyStatus[]>> = Object.freeze({
  draft: ["deployed", "stopped", "error"],
  deployed: ["deployed", "paused", "stopped", "error"],
  paused: ["deployed", "stopped", "error"],
  error: ["deployed", "stopped"],
  stopped: [],
});

/** Tie-break for equal event times: the documented forward order, then the event id. */
const RANK: Readonly<Record<StrategyStatus, number>> = { draft: 0, deployed: 1, paused: 2, error: 3, stopped: 4 };

export const STRATEGY_ANOMALY_CODES = [
  "impossible_transition",
  "missed_events",
  "status_mismatch",
  "position_reopened",
  "close_before_open",
  "conflicting_close",
  "conflicting_outcome",
  /** a fill dated after the strategy was stopped */
  "fill_after_stop",
] as const;
export type StrategyAnomalyCode = (typeof STRATEGY_ANOMALY_CODES)[number];

export type StrategyAnomaly = { code: StrategyAnomalyCode; severity: "info" | "warning" | "critical"; message: string; at?: string };

export type StrategyTransition = {
  /** applied: false without an anomaly = a repeat of the current status (recorded, no change) */
  event_id: string;
  type: string;
  from: string | null;
  status: StrategyStatus;
  at: string;
  received_at: string;
  applied: boolean;
  /** error_code / message for strategy.error, capital/leverage for strategy.deployed */
  detail: string;
  anomaly?: StrategyAnomaly;
};

export type PositionState = {
  id: string;
  strategy_id: string;
  symbol: string;
  side: string;
  status: "open" | "closed";
  entry_price: string;
  qty: string;
  leverage: number | null;
  exit_price: string | null;
  exit_qty: string | null;
  pnl: string | null;
  opened_at: string | null;
  closed_at: string | null;
  event_count: number;
  anomalies: StrategyAnomaly[];
};

export type FillView = {
  event_id: string;
  order_id: string;
  symbol: string;
  side: string;
  type: string;
  price: string;
  qty: string;
  filled_at: string;
  received_at: string;
};

export type OrderSummary = {
  order_id: string;
  symbol: string;
  side: string;
  type: string;
  fill_count: number;
  /** decimal string: sum of fill quantities */
  filled_qty: string;
  /** decimal string: quantity-weighted average fill price, 8 decimals at most */
  avg_price: string;
  first_filled_at: string;
  last_filled_at: string;
  /** more than one fill: the order was filled in parts */
  partial: boolean;
};

export type StrategyErrorView = { event_id: string; error_code: string; message: string; at: string; received_at: string };

export type StrategyState = {
  id: string;
  name: string | null;
  status: string;
  capital: string | null;
  leverage: number | null;
  deployed_at: string | null;
  dry_run: boolean | null;
  last_error: StrategyErrorView | null;
  created_at: string | null;
  updated_at: string | null;
  first_received_at: string;
  last_received_at: string;
  event_count: number;
  realized_pnl: string;
  open_positions: number;
  closed_positions: number;
  fill_count: number;
};

export type ReducedStrategy = {
  state: StrategyState;
  transitions: StrategyTransition[];
  anomalies: StrategyAnomaly[];
  positions: PositionState[];
  orders: OrderSummary[];
  fills: FillView[];
  errors: StrategyErrorView[];
};

// ---------------------------------------------------------------------------------------------

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const strOrNull = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const intOrNull = (v: unknown): number | null => {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
  return null;
};
const dataOf = (e: PipaiLifecycleEvent): Record<string, unknown> => {
  const d = e.payload?.data;
  return d && typeof d === "object" && !Array.isArray(d) ? d : {};
};
/** Parsed time; unparseable or missing sorts FIRST so it never looks newest. */
export const timeOf = (s: unknown): number => {
  const t = typeof s === "string" ? Date.parse(s) : Number.NaN;
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};
const isoOrNull = (s: unknown): string | null => (Number.isFinite(timeOf(s)) ? new Date(timeOf(s)).toISOString() : null);
const cmp = <T extends string | number>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);
const iso = (d: Date): string => (d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : "");
const dec = (s: unknown) => (typeof s === "string" && DECIMAL_RE.test(s.trim()) ? new D(s.trim()) : null);

function receivedBounds(events: readonly PipaiLifecycleEvent[]) {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    const t = e.receivedAt instanceof Date ? e.receivedAt.getTime() : Number.NaN;
    if (Number.isNaN(t)) continue;
    min = Math.min(min, t);
    max = Math.max(max, t);
  }
  return { first: Number.isFinite(min) ? new Date(min).toISOString() : "", last: Number.isFinite(max) ? new Date(max).toISOString() : "" };
}

/** Order by a time, then a rank, then event id (code-unit order): a total order on the set. */
function sortBy(events: PipaiLifecycleEvent[], time: (e: PipaiLifecycleEvent) => number, rank: (e: PipaiLifecycleEvent) => number) {
  return events.sort((a, b) => cmp(time(a), time(b)) || cmp(rank(a), rank(b)) || cmp(a.notificationId, b.notificationId));
}

// --- strategy lifecycle -----------------------------------------------------------------------

export function canStrategyTransition(from: StrategyStatus | null, to: StrategyStatus): boolean {
  return from === null || STRATEGY_TRANSITIONS[from].includes(to);
}

/** Where a lifecycle event sorts: its time (null: unparseable, sorts first), its status rank, its id. */
export type LifecycleKey = [time: number | null, rank: number, id: string];

/**
 * The strategy's lifecycle walked up to some event: everything the row needs from the lifecycle
 * events, so that a later event continues the walk from here instead of from the first event.
 * Plain JSON (stored with the row, lib/server/projection/pipai.ts).
 */
export type LifecycleFold = {
  /** null before any lifecycle event applied */
  status: StrategyStatus | null;
  /** the last event walked; a new event that sorts before it needs the walk redone */
  last: LifecycleKey | null;
  count: number;
  /** a strategy.created was walked; createdAt is the first one's time */
  created: boolean;
  createdAt: string | null;
  /** the latest name carried */
  name: string | null;
  /** the deploy that applied last */
  deploy: { capital: string | null; leverage: number | null; deployed_at: string | null; dry_run: boolean | null } | null;
  lastError: StrategyErrorView | null;
  /** per-event anomalies in walk order (impossible transitions, status mismatches) */
  anomalies: StrategyAnomaly[];
  /** the event time of the first stop that applied (fills dated after it are flagged) */
  stoppedAt?: string | null;
  /** the lifecycle event that arrived latest after its own time (provider lag; a max, so order-free) */
  worstLag?: Arrival | null;
};

export const EMPTY_LIFECYCLE: LifecycleFold = Object.freeze({ status: null, last: null, count: 0, created: false, createdAt: null, name: null, deploy: null, lastError: null, anomalies: [], stoppedAt: null, worstLag: null }) as LifecycleFold;

const lagOfArrival = (a: Arrival) => Date.parse(a.received_at) - Date.parse(a.event_at);

/** The arrival that lagged most; ties go to the earlier event time, so any order picks the same one. */
export function worseArrival(a: Arrival | null | undefined, b: Arrival | null): Arrival | null {
  if (!b || Number.isNaN(lagOfArrival(b))) return a ?? null;
  if (!a) return b;
  const d = lagOfArrival(b) - lagOfArrival(a);
  return d > 0 || (d === 0 && b.event_at < a.event_at) ? b : a;
}

export const isLifecycleEvent = (e: PipaiLifecycleEvent) => Object.hasOwn(STATUS_OF_TYPE, e.payload.type);

export function lifecycleKey(e: PipaiLifecycleEvent): LifecycleKey {
  const t = timeOf(e.payload.created_at);
  return [Number.isFinite(t) ? t : null, RANK[STATUS_OF_TYPE[e.payload.type]!], e.notificationId];
}

export function compareLifecycleKeys(a: LifecycleKey, b: LifecycleKey): number {
  return cmp(a[0] ?? Number.NEGATIVE_INFINITY, b[0] ?? Number.NEGATIVE_INFINITY) || cmp(a[1], b[1]) || cmp(a[2], b[2]);
}

/** One lifecycle event applied to the walk so far (it must sort after `f.last`). */
export function stepLifecycle(f: LifecycleFold, e: PipaiLifecycleEvent): { fold: LifecycleFold; transition: StrategyTransition } {
  const to = STATUS_OF_TYPE[e.payload.type]!;
  const d = dataOf(e);
  const at = str(e.payload.created_at);
  const from = f.status;
  // The same status again under another event id (paused twice, a second error while halted)
  // is recorded but changes nothing, and is not an anomaly. A second deploy is a redeploy.
  const repeat = from === to && to !== "deployed";
  const applied = !repeat && canStrategyTransition(from, to);
  let anomaly: StrategyAnomaly | undefined;
  if (!applied && !repeat) {
    anomaly = {
      code: "impossible_transition",
      severity: "critical",
      message: `impossible transition ${from} → ${to} (${e.payload.type} ${e.notificationId}); kept in history, status stays ${from}`,
      at,
    };
  } else if (typeof d.status === "string" && d.status !== "" && d.status !== to) {
    anomaly = { code: "status_mismatch", severity: "warning", message: `${e.payload.type} carries data.status ${JSON.stringify(d.status)}; the event type sets ${to}`, at };
  }
  const isCreated = e.payload.type === "strategy.created";
  const fold: LifecycleFold = {
    status: applied ? to : from,
    last: lifecycleKey(e),
    count: f.count + 1,
    created: f.created || isCreated,
    createdAt: !f.created && isCreated ? isoOrNull(e.payload.created_at) : f.createdAt,
    name: str(d.name) !== "" ? str(d.name) : f.name,
    deploy:
      applied && to === "deployed"
        ? { capital: strOrNull(d.capital), leverage: intOrNull(d.leverage), deployed_at: isoOrNull(d.deployed_at), dry_run: typeof d.dry_run === "boolean" ? d.dry_run : null }
        : f.deploy,
    lastError: to === "error" ? errorView(e) : f.lastError,
    anomalies: anomaly ? [...f.anomalies, anomaly] : f.anomalies,
    stoppedAt: f.stoppedAt ?? (applied && to === "stopped" ? at : null),
    worstLag: worseArrival(f.worstLag, { event_at: at, received_at: iso(e.receivedAt) }),
  };
  const detail =
    to === "error"
      ? [str(d.error_code), str(d.message)].filter(Boolean).join(": ")
      : to === "deployed"
        ? `capital ${str(d.capital) || "?"}, leverage ${intOrNull(d.leverage) ?? "?"}${d.dry_run === true ? ", dry run" : ""}`
        : "";
  return { fold, transition: { event_id: e.notificationId, type: e.payload.type, from, status: to, at, received_at: iso(e.receivedAt), applied, detail, ...(anomaly ? { anomaly } : {}) } };
}

const errorView = (e: PipaiLifecycleEvent): StrategyErrorView => ({ event_id: e.notificationId, error_code: str(dataOf(e).error_code), message: str(dataOf(e).message), at: str(e.payload.created_at), received_at: iso(e.receivedAt) });

/** The walk over a set of lifecycle events (other types are ignored), in their own order. */
export function walkStrategy(events: readonly PipaiLifecycleEvent[]) {
  const lifecycle = sortBy(dedupeEvents(events).filter(isLifecycleEvent), (e) => timeOf(e.payload.created_at), (e) => RANK[STATUS_OF_TYPE[e.payload.type]!]);
  const transitions: StrategyTransition[] = [];
  let fold = EMPTY_LIFECYCLE;
  for (const e of lifecycle) {
    const step = stepLifecycle(fold, e);
    fold = step.fold;
    transitions.push(step.transition);
  }
  return { lifecycle, transitions, fold };
}

/** The walk's anomalies, with the missing strategy.created noted at the end. */
export function lifecycleAnomalies(f: LifecycleFold): StrategyAnomaly[] {
  return f.count > 0 && !f.created ? [...f.anomalies, { code: "missed_events", severity: "info", message: "no strategy.created received (dropped or not yet delivered)" }] : f.anomalies;
}

export const NO_LIFECYCLE_ANOMALY: StrategyAnomaly = Object.freeze({ code: "missed_events", severity: "info", message: "no lifecycle event (created / deployed / paused / stopped / error) received yet" }) as StrategyAnomaly;

// --- positions --------------------------------------------------------------------------------

const OPENED = "strategy.position_opened";
const CLOSED = "strategy.position_closed";

/** One position from its opened / closed events. A closed position never reopens. */
export function reducePosition(input: readonly PipaiLifecycleEvent[]): PositionState | null {
  const events = sortBy(
    dedupeEvents(input).filter((e) => e.payload.type === OPENED || e.payload.type === CLOSED),
    (e) => timeOf(e.payload.type === CLOSED ? dataOf(e).closed_at : dataOf(e).opened_at),
    (e) => (e.payload.type === OPENED ? 0 : 1),
  );
  if (events.length === 0) return null;
  const opens = events.filter((e) => e.payload.type === OPENED);
  const closes = events.filter((e) => e.payload.type === CLOSED);
  const lastOpen = opens.at(-1);
  const close = closes.at(-1);
  const base = dataOf(lastOpen ?? close!);
  const c = close ? dataOf(close) : null;
  const id = str(base.position_id);
  const anomalies: StrategyAnomaly[] = [];

  if (closes.length > 1 && new Set(closes.map((e) => canonicalJson(dataOf(e)))).size > 1) {
    anomalies.push({ code: "conflicting_close", severity: "warning", message: `position ${id}: ${closes.length} different close events; the latest closed_at wins`, at: str(c?.closed_at) });
  }
  if (c && !lastOpen) {
    anomalies.push({ code: "missed_events", severity: "info", message: `position ${id}: closed without a position_opened event (dropped or not yet delivered)`, at: str(c.closed_at) });
  }
  if (c) {
    const closedAt = timeOf(c.closed_at);
    const lateOpen = opens.find((e) => timeOf(dataOf(e).opened_at) > closedAt);
    if (lateOpen) {
      anomalies.push({ code: "position_reopened", severity: "critical", message: `position ${id}: position_opened ${lateOpen.notificationId} is dated after the close; a closed position never reopens`, at: str(dataOf(lateOpen).opened_at) });
    }
    if (timeOf(c.opened_at) > closedAt) {
      anomalies.push({ code: "close_before_open", severity: "warning", message: `position ${id}: closed_at is earlier than opened_at`, at: str(c.closed_at) });
    }
  }
  // Entry data: the (latest) open event; a close repeats it and fills in when the open is missing.
  const entry = lastOpen ? dataOf(lastOpen) : (c ?? {});
  return {
    id,
    strategy_id: str(base.strategy_id),
    symbol: str(entry.symbol) || str(c?.symbol),
    side: str(entry.side) || str(c?.side),
    status: c ? "closed" : "open",
    entry_price: str(entry.entry_price) || str(c?.entry_price),
    qty: str(entry.qty) || str(c?.qty),
    leverage: intOrNull(entry.leverage) ?? intOrNull(c?.leverage),
    exit_price: c ? strOrNull(c.exit_price) : null,
    exit_qty: c ? strOrNull(c.exit_qty) : null,
    pnl: c ? strOrNull(c.pnl) : null,
    opened_at: isoOrNull(entry.opened_at) ?? isoOrNull(c?.opened_at),
    closed_at: c ? isoOrNull(c.closed_at) : null,
    event_count: events.length,
    anomalies,
  };
}

// --- fills and orders -------------------------------------------------------------------------

export function fillsOf(input: readonly PipaiLifecycleEvent[]): FillView[] {
  return sortBy(
    dedupeEvents(input).filter((e) => e.payload.type === "strategy.order_filled"),
    (e) => timeOf(dataOf(e).filled_at),
    () => 0,
  ).map((e) => {
    const d = dataOf(e);
    return {
      event_id: e.notificationId,
      order_id: str(d.order_id),
      symbol: str(d.symbol),
      side: str(d.side),
      type: str(d.type),
      price: str(d.price),
      qty: str(d.qty),
      filled_at: isoOrNull(d.filled_at) ?? str(d.filled_at),
      received_at: iso(e.receivedAt),
    };
  });
}

/** Fills grouped by order, in order of first fill; sums with decimal.js. */
export function summarizeOrders(fills: readonly FillView[]): OrderSummary[] {
  const byOrder = new Map<string, FillView[]>();
  for (const f of fills) byOrder.set(f.order_id, [...(byOrder.get(f.order_id) ?? []), f]);
  return [...byOrder.entries()].map(([orderId, fs]) => {
    let qty = new D(0);
    let notional = new D(0);
    for (const f of fs) {
      const q = dec(f.qty);
      const p = dec(f.price);
      if (!q || !p) continue;
      qty = qty.plus(q);
      notional = notional.plus(q.times(p));
    }
    const first = fs[0]!;
    const last = fs.at(-1)!;
    return {
      order_id: orderId,
      symbol: first.symbol,
      side: first.side,
      type: first.type,
      fill_count: fs.length,
      filled_qty: qty.toFixed(),
      avg_price: qty.isZero() ? "0" : notional.div(qty).toDecimalPlaces(8).toFixed(),
      first_filled_at: first.filled_at,
      last_filled_at: last.filled_at,
      partial: fs.length > 1,
    };
  });
}

// --- the strategy -----------------------------------------------------------------------------

/**
 * Gap: fills dated after the (applied) stop of the strategy. A stopped strategy trades no more, so
 * such a fill means a lost or misdated event. Null when the strategy is not stopped or no fill is late.
 */
/** A fill as far as the stop rule needs it. */
export type FillMark = Pick<FillView, "order_id" | "filled_at">;

/** The later of two fills (by filled_at, then order id), so any arrival order keeps the same one. */
export function laterFill(a: FillMark | null | undefined, b: FillMark | null): FillMark | null {
  if (!b || !Number.isFinite(timeOf(b.filled_at))) return a ?? null;
  if (!a) return b;
  const d = timeOf(b.filled_at) - timeOf(a.filled_at);
  return d > 0 || (d === 0 && b.order_id > a.order_id) ? b : a;
}

/** The fill an order_filled event carries (null for other types). */
export function fillMarkOf(e: PipaiLifecycleEvent): FillMark | null {
  if (e.payload.type !== "strategy.order_filled") return null;
  const d = dataOf(e);
  return { order_id: str(d.order_id), filled_at: isoOrNull(d.filled_at) ?? str(d.filled_at) };
}

/** A fill dated after the strategy was stopped (the latest fill is enough to know). */
export function fillAfterStop(stoppedAt: string | null | undefined, latest: FillMark | null | undefined): StrategyAnomaly | null {
  const stopped = timeOf(stoppedAt ?? null);
  if (!latest || !Number.isFinite(stopped) || !(timeOf(latest.filled_at) > stopped)) return null;
  return {
    code: "fill_after_stop",
    severity: "warning",
    message: `a fill dated after the strategy was stopped at ${stoppedAt} (latest: order ${latest.order_id} at ${latest.filled_at})`,
    at: latest.filled_at,
  };
}

/** Sum of decimal strings (non-decimals ignored), exact. */
export function sumDecimals(values: readonly (string | null)[]): string {
  let s = new D(0);
  for (const v of values) {
    const d = dec(v);
    if (d) s = s.plus(d);
  }
  return s.toFixed();
}

/**
 * Everything known about one strategy from the SET of its PipAI events (any type whose data has
 * this strategy_id). Same result for any arrival order and any duplication. Null for no events.
 */
export function reduceStrategy(input: readonly PipaiLifecycleEvent[]): ReducedStrategy | null {
  const events = dedupeEvents(input);
  if (events.length === 0) return null;
  const w = walkStrategy(events);

  const byPosition = new Map<string, PipaiLifecycleEvent[]>();
  for (const e of events) {
    if (e.payload.type !== OPENED && e.payload.type !== CLOSED) continue;
    const pid = str(dataOf(e).position_id);
    byPosition.set(pid, [...(byPosition.get(pid) ?? []), e]);
  }
  const positions = [...byPosition.values()]
    .map((es) => reducePosition(es))
    .filter((p): p is PositionState => p !== null)
    .sort(comparePositions);
  const fills = fillsOf(events);
  const errors: StrategyErrorView[] = w.lifecycle.filter((e) => e.payload.type === "strategy.error").map(errorView);
  const latest = events.reduce((m, e) => Math.max(m, timeOf(e.payload.created_at)), Number.NEGATIVE_INFINITY);
  const bounds = receivedBounds(input);
  const closed = positions.filter((p) => p.status === "closed");

  const state: StrategyState = {
    ...lifecycleState(w.fold),
    id: str(dataOf(events[0]!).strategy_id),
    updated_at: Number.isFinite(latest) ? new Date(latest).toISOString() : null,
    first_received_at: bounds.first,
    last_received_at: bounds.last,
    event_count: events.length,
    realized_pnl: sumDecimals(closed.map((p) => p.pnl)),
    open_positions: positions.length - closed.length,
    closed_positions: closed.length,
    fill_count: fills.length,
  };
  const latestFill = fills.reduce<FillMark | null>((m, f) => laterFill(m, { order_id: f.order_id, filled_at: f.filled_at }), null);
  const anomalies = strategyAnomalies(w.fold, positions, latestFill);
  return { state, transitions: w.transitions, anomalies, positions, orders: summarizeOrders(fills), fills, errors };
}

/** Positions in the order the strategy lists them (and their anomalies): opened_at, then id. */
export const comparePositions = (a: { id: string; opened_at: string | null }, b: { id: string; opened_at: string | null }) => cmp(timeOf(a.opened_at), timeOf(b.opened_at)) || cmp(a.id, b.id);

/** The strategy's columns that come from its lifecycle walk. */
export function lifecycleState(f: LifecycleFold) {
  return {
    name: f.name,
    status: f.status ?? STRATEGY_STATUS_UNKNOWN,
    capital: f.deploy?.capital ?? null,
    leverage: f.deploy?.leverage ?? null,
    deployed_at: f.deploy?.deployed_at ?? null,
    dry_run: f.deploy?.dry_run ?? null,
    last_error: f.lastError,
    created_at: f.createdAt,
  };
}

/** The strategy's anomaly list: the lifecycle's, then each position's (in list order), a fill after the stop, then a missing lifecycle. */
export function strategyAnomalies(
  f: LifecycleFold,
  positions: readonly { id: string; opened_at: string | null; anomalies: readonly StrategyAnomaly[] }[],
  latestFill: FillMark | null | undefined,
): StrategyAnomaly[] {
  const out = [...lifecycleAnomalies(f), ...positions.flatMap((p) => p.anomalies)];
  const late = fillAfterStop(f.stoppedAt, latestFill);
  if (late) out.push(late);
  if (f.status === null) out.push(NO_LIFECYCLE_ANOMALY);
  return out;
}
