// Cross-entity gap/consistency rules. Pure; the clock is injected.
import Decimal from "decimal.js";
import type { Anomaly, ExecutionState, Instruction, OperationState } from "./types";
import { isTerminal } from "./status";
import { stuckAnomaly, type StuckSla } from "./sla";

export { formatDuration } from "./sla";

/** Private Decimal constructor: 40 significant digits, never touches the global Decimal config. */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
type Dec = InstanceType<typeof D>;

const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Parse a wire decimal string; null when empty or not a plain finite decimal. */
export function parseDecimal(s: unknown): Dec | null {
  if (typeof s !== "string") return null;
  const t = s.trim();
  return DECIMAL_RE.test(t) ? new D(t) : null;
}

/** Human-friendly decimal string without exponent notation, at most `dp` decimals, trailing zeros dropped. */
function fmt(d: Dec, dp = 8): string {
  return d.toDecimalPlaces(dp).toFixed();
}

/** `sla`: how long an operation may stay in each non-terminal status (HOOKSCOPE_STUCK_SLA). */
export type AnomalyOptions = { now: Date; sla: StuckSla };

/** When the operation entered its current status: its last event time, else its last receipt. */
export function opSince(op: Pick<OperationState, "last_event_at" | "last_received_at">): string | null {
  if (!Number.isNaN(Date.parse(op.last_event_at))) return op.last_event_at;
  return Number.isNaN(Date.parse(op.last_received_at)) ? null : op.last_received_at;
}

/**
 * Gap: executions reached a terminal status under an operation that is stuck without one (the
 * caller has established that it is stuck). Null without terminal executions.
 */
export function settledBeforeOperation(op: Pick<OperationState, "id" | "status" | "last_event_at">, terminalExecutions: number, participants = ""): Anomaly | null {
  if (terminalExecutions <= 0 || isTerminal("operation", op.status)) return null;
  return {
    code: "execution_before_operation_terminal",
    severity: "warning",
    message: `operation ${op.id} still ${JSON.stringify(op.status)} although ${terminalExecutions} execution(s) are terminal${participants ? ` (${participants})` : ""}`,
    at: op.last_event_at,
  };
}

const ALLOCATION_TYPES_EXACT = new Set(["enrollment", "top_up"]);

/**
 * Cross-entity rules for one operation and the executions belonging to it (caller passes only
 * that operation's executions). Output order is deterministic: operation-level rules first,
 * then fills rules per execution in the order given.
 */
export function operationAnomalies(
  op: OperationState | null,
  executions: readonly ExecutionState[],
  opts: AnomalyOptions,
): Anomaly[] {
  const out: Anomaly[] = [];
  const terminalExecs = executions.filter((e) => isTerminal("execution", e.status));
  const codes = (xs: readonly ExecutionState[]): string =>
    [...new Set(xs.map((e) => e.participant_code || "?"))].sort().join(", ");

  if (op === null) {
    if (terminalExecs.length > 0) {
      out.push({
        code: "execution_before_operation_terminal",
        severity: "warning",
        message: `operation events missing: ${terminalExecs.length} terminal execution(s) received (${codes(terminalExecs)}) but no operation webhook`,
      });
    } else if (executions.length > 0) {
      out.push({
        code: "missed_events",
        severity: "warning",
        message: `operation events missing: ${executions.length} execution(s) received (${codes(executions)}) but no operation webhook`,
      });
    }
  } else {
    const stuck = stuckAnomaly({ kind: "operation", id: op.id, status: op.status, since: opSince(op) }, opts.now, opts.sla);
    if (stuck) {
      out.push(stuck);
      const gap = settledBeforeOperation(op, terminalExecs.length, codes(terminalExecs));
      if (gap) out.push(gap);
    }
    if ((op.status === "settled" || op.status === "failed") && op.status_reason !== "no_executions" && executions.length === 0) {
      out.push({
        code: "missed_events",
        severity: "warning",
        message: `operation ${op.id} is ${op.status}${op.status_reason ? ` (${op.status_reason})` : ""} but no execution webhooks were received`,
        at: op.updated_at,
      });
    }
  }

  for (const ex of executions) {
    if (ex.status === "settled") out.push(...fillsAnomalies(op, ex));
  }
  return out;
}

function positiveAllocations(op: FillsOperation): Map<string, Dec> {
  const m = new Map<string, Dec>();
  for (const a of op.allocations) {
    const w = parseDecimal(a.weight);
    if (w && w.gt(0)) m.set(a.underlying_currency, (m.get(a.underlying_currency) ?? new D(0)).plus(w));
  }
  return m;
}

/** fills_mismatch rules (a)–(e) for one settled execution. */
/** What the fills rules read of the operation (the projection has just these columns at hand). */
export type FillsOperation = Pick<OperationState, "id" | "type" | "allocations">;

export function fillsAnomalies(op: FillsOperation | null, ex: Pick<ExecutionState, "id" | "participant_code" | "instructions" | "updated_at">): Anomaly[] {
  const out: Anomaly[] = [];
  const who = `participant ${ex.participant_code || "?"} (execution ${ex.id})`;
  const push = (severity: Anomaly["severity"], message: string): void => {
    out.push({ code: "fills_mismatch", severity, message: `${who}: ${message}`, at: ex.updated_at });
  };
  const buys = ex.instructions.filter((i) => i.side === "buy");

  // (a) bought currencies vs allocations with weight > 0.
  const checkAlloc = op !== null && op.allocations.length > 0 && (ALLOCATION_TYPES_EXACT.has(op.type) || op.type === "rebalance");
  const weights = op ? positiveAllocations(op) : new Map<string, Dec>();
  if (checkAlloc && op) {
    const bought = new Set(buys.map((i) => i.underlying_currency));
    const extra = [...bought].filter((c) => !weights.has(c)).sort();
    // rebalance buys only the under-weight assets: require a subset, not equality.
    const missing = op.type === "rebalance" ? [] : [...weights.keys()].filter((c) => !bought.has(c)).sort();
    for (const c of extra) push("critical", `bought ${c} which has no positive allocation weight in ${op.type} operation ${op.id}`);
    for (const c of missing) push("critical", `no buy instruction for ${c} although its allocation weight is ${fmt(weights.get(c) ?? new D(0))}`);
  }

  for (const ins of ex.instructions) {
    const c = `${ins.side} ${ins.underlying_currency}`;
    // (e) settled execution holding a failed/pending instruction.
    if (ins.status === "failed" || ins.status === "pending") {
      push("critical", `${c} instruction is ${ins.status}${ins.status_reason ? ` (${ins.status_reason})` : ""} in a settled execution`);
    }
    if (ins.status !== "executed") continue;
    // (b) executed instruction missing fill data.
    const price = parseDecimal(ins.price);
    const qty = parseDecimal(ins.quantity);
    const total = parseDecimal(ins.total_notional);
    const lacking = [
      price ? null : "price",
      qty ? null : "quantity",
      total ? null : "total_notional",
    ].filter((x): x is string => x !== null);
    if (lacking.length > 0 || !price || !qty || !total) {
      push("warning", `executed ${c} instruction lacks ${lacking.join(", ")}`);
      continue;
    }
    // (c) price × quantity vs total_notional, tolerance 0.5 % of total_notional.
    const product = price.times(qty);
    const diff = product.minus(total).abs();
    if (diff.gt(total.abs().times("0.005"))) {
      push(
        "critical",
        `${c}: price ${ins.price} × quantity ${ins.quantity} = ${fmt(product)} differs from total_notional ${ins.total_notional} by ${fmt(diff)} (> 0.5%)`,
      );
    }
  }

  // (d) notional buy split vs allocation weights (enrollment / top_up only: a rebalance buys deltas).
  if (op !== null && op.allocations.length > 0 && ALLOCATION_TYPES_EXACT.has(op.type)) {
    const per = new Map<string, Dec>();
    let sum = new D(0);
    for (const b of buys) {
      if (b.amount_type !== "notional") continue;
      const amt = parseDecimal(b.amount);
      if (!amt) continue;
      per.set(b.underlying_currency, (per.get(b.underlying_currency) ?? new D(0)).plus(amt));
      sum = sum.plus(amt);
    }
    if (sum.gt(0)) {
      for (const cur of [...per.keys()].sort()) {
        const share = (per.get(cur) ?? new D(0)).div(sum);
        const weight = weights.get(cur) ?? new D(0);
        if (share.minus(weight).abs().gt("0.01")) {
          push(
            "warning",
            `${cur} got ${fmt(share)} of the ${fmt(sum)} notional buy amount (${fmt(per.get(cur) ?? new D(0))}) but its allocation weight is ${fmt(weight)}`,
          );
        }
      }
    }
  }
  return out;
}

/** A trader (strategy × participant) exists; was the enrollment execution that created it ever seen? */
export function traderAnomalies(
  trader: { id: string; strategy_id: string; participant_code: string },
  enrollmentSeen: boolean,
): Anomaly[] {
  if (enrollmentSeen) return [];
  return [
    {
      code: "missed_events",
      severity: "info",
      message: `no enrollment execution seen for this trader (trader ${trader.id}, participant ${trader.participant_code}, strategy ${trader.strategy_id})`,
    },
  ];
}

export type FillSummary = {
  participant_code: string;
  quoted_currency: string;
  /** sum of total_notional over executed buy instructions (decimal string) */
  buy_notional: string;
  /** sum of total_notional over executed sell instructions (decimal string) */
  sell_notional: string;
  executed_instructions: number;
};

/**
 * Per (participant_code, quoted_currency) totals over executed instructions of the given
 * executions (any execution status; only instructions with status "executed" and a parseable
 * total_notional count). Sorted by participant_code then quoted_currency.
 */
export function summarizeFills(executions: readonly ExecutionState[]): FillSummary[] {
  const acc = new Map<string, { p: string; q: string; buy: Dec; sell: Dec; n: number }>();
  for (const ex of executions) {
    for (const ins of ex.instructions as readonly Instruction[]) {
      if (ins.status !== "executed") continue;
      const total = parseDecimal(ins.total_notional);
      if (!total) continue;
      const key = JSON.stringify([ex.participant_code, ins.quoted_currency]);
      const row = acc.get(key) ?? { p: ex.participant_code, q: ins.quoted_currency, buy: new D(0), sell: new D(0), n: 0 };
      if (ins.side === "buy") row.buy = row.buy.plus(total);
      else if (ins.side === "sell") row.sell = row.sell.plus(total);
      else continue;
      row.n += 1;
      acc.set(key, row);
    }
  }
  return [...acc.values()]
    .sort((a, b) => (a.p < b.p ? -1 : a.p > b.p ? 1 : a.q < b.q ? -1 : a.q > b.q ? 1 : 0))
    .map((r) => ({
      participant_code: r.p,
      quoted_currency: r.q,
      buy_notional: r.buy.toFixed(),
      sell_notional: r.sell.toFixed(),
      executed_instructions: r.n,
    }));
}
