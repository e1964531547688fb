import { describe, it, expect } from "vitest";
import { operationAnomalies, fillsAnomalies, summarizeFills, traderAnomalies, formatDuration } from "./anomalies";
import { reduceOperation } from "./operation";
import { reduceExecution } from "./execution";
import type { ExecutionState, Instruction, OperationState } from "./types";
import { ev, exPayload, instr, opPayload } from "./test-helpers";

const HOUR = 3_600_000;
const SLA = { validating: HOUR, pricing: HOUR, settling: HOUR, awaiting_execution: HOUR };

function op(status: string, updated_at = "2026-11-20T09:15:00Z", extra: Parameters<typeof opPayload>[2] = {}): OperationState {
  const r = reduceOperation([ev("n", opPayload(status, updated_at, extra))]);
  if (!r) throw new Error("unreachable");
  return r.state;
}

function exec(status: string, instructions: Instruction[], extra: Parameters<typeof exPayload>[2] = {}): ExecutionState {
  const r = reduceExecution([ev("x", exPayload(status, "2026-11-20T09:15:08Z", { instructions, ...extra }))]);
  if (!r) throw new Error("unreachable");
  return r.state;
}

const consistent = (): Instruction[] => [
  instr({ underlying_currency: "BTC", amount: "600", price: "60000", quantity: "0.01", total_notional: "600" }),
  instr({ underlying_currency: "ETH", amount: "400", price: "2500", quantity: "0.16", total_notional: "400" }),
];

describe("operationAnomalies: stuck", () => {
  const pricing = op("pricing", "2026-11-20T09:00:00Z");
  it("flags a non-terminal operation idle longer than the threshold", () => {
    const a = operationAnomalies(pricing, [], { now: new Date("2026-11-20T11:05:00Z"), sla: SLA });
    expect(a).toEqual([expect.objectContaining({ code: "stuck", severity: "warning" })]);
    expect(a[0]?.message).toContain('"pricing"');
    expect(a[0]?.message).toContain("2h 5m");
  });
  it("does not flag just under (or exactly at) the threshold", () => {
    expect(operationAnomalies(pricing, [], { now: new Date(Date.parse("2026-11-20T10:00:00Z") - 1), sla: SLA })).toEqual([]);
    expect(operationAnomalies(pricing, [], { now: new Date("2026-11-20T10:00:00Z"), sla: SLA })).toEqual([]);
  });
  it("never flags a terminal operation", () => {
    const settled = op("settled", "2026-11-20T09:00:00Z");
    const ex = exec("settled", consistent());
    expect(operationAnomalies(settled, [ex], { now: new Date("2026-12-20T00:00:00Z"), sla: SLA })).toEqual([]);
  });
});

describe("operationAnomalies: gaps", () => {
  const now = new Date("2026-11-20T12:00:00Z");
  it("terminal execution while the operation is stale and non-terminal", () => {
    const a = operationAnomalies(op("settling", "2026-11-20T09:00:00Z"), [exec("settled", consistent())], { now, sla: SLA });
    expect(a.map((x) => x.code)).toEqual(["stuck", "execution_before_operation_terminal"]);
  });
  it("not before the threshold", () => {
    const a = operationAnomalies(op("settling", "2026-11-20T11:30:00Z"), [exec("settled", consistent())], { now, sla: SLA });
    expect(a).toEqual([]);
  });
  it("operation never received", () => {
    expect(operationAnomalies(null, [exec("settled", consistent())], { now, sla: SLA })).toEqual([
      expect.objectContaining({ code: "execution_before_operation_terminal", message: expect.stringContaining("operation events missing") }),
    ]);
    expect(operationAnomalies(null, [], { now, sla: SLA })).toEqual([]);
  });
  it("settled/failed operation without any execution", () => {
    expect(operationAnomalies(op("settled"), [], { now, sla: SLA }).map((a) => [a.code, a.severity])).toEqual([
      ["missed_events", "warning"],
    ]);
    expect(operationAnomalies(op("failed", undefined, { status_reason: "all_rejected" }), [], { now, sla: SLA })).toHaveLength(1);
    expect(operationAnomalies(op("failed", undefined, { status_reason: "no_executions" }), [], { now, sla: SLA })).toEqual([]);
  });
});

describe("fills_mismatch", () => {
  const enrollment = op("settled");
  const only = (ins: Instruction[], o: OperationState = enrollment) => fillsAnomalies(o, exec("settled", ins));

  it("consistent BTC 0.6 / ETH 0.4 execution raises nothing", () => {
    expect(only(consistent())).toEqual([]);
    expect(operationAnomalies(enrollment, [exec("settled", consistent())], { now: new Date(), sla: SLA })).toEqual([]);
  });
  it("(a) bought currency set differs from positive allocations", () => {
    const a = only([consistent()[0] as Instruction]);
    expect(a.length).toBeGreaterThan(0);
    expect(a[0]).toMatchObject({ code: "fills_mismatch", severity: "critical" });
    expect(a[0]?.message).toContain("ABC123");
    expect(a[0]?.message).toContain("ETH");
    const extra = only([...consistent(), instr({ underlying_currency: "SOL", amount: "0", total_notional: "0", price: "1", quantity: "0" })]);
    expect(extra.some((x) => x.message.includes("SOL") && x.message.includes("no positive allocation"))).toBe(true);
  });
  it("(a) skipped when allocations are empty (liquidation)", () => {
    const liq = op("settled", undefined, { type: "liquidation", allocations: [] });
    expect(fillsAnomalies(liq, exec("settled", [instr({ side: "sell", amount_type: "quantity", amount: "0.01" })]))).toEqual([]);
  });
  it("(b) executed instruction lacking price/quantity/total_notional", () => {
    const [btc, eth] = consistent() as [Instruction, Instruction];
    const a = only([{ ...btc, price: "", total_notional: "" }, eth]);
    expect(a).toEqual([expect.objectContaining({ code: "fills_mismatch", message: expect.stringContaining("lacks price, total_notional") })]);
  });
  it("(c) price × quantity off by more than 0.5%", () => {
    const [btc, eth] = consistent() as [Instruction, Instruction];
    const a = only([{ ...btc, total_notional: "604" }, eth]);
    expect(a).toEqual([expect.objectContaining({ severity: "critical", message: expect.stringContaining("600") })]);
    expect(a[0]?.message).toContain("604");
    // boundary: 0.5% of 604 = 3.02 < 4 fires; 0.5% of 602.99 ≈ 3.015 > 2.99 does not
    expect(only([{ ...btc, total_notional: "602.99" }, eth])).toEqual([]);
  });
  it("(d) notional buy split drifts from weights by more than 0.01", () => {
    const [btc, eth] = consistent() as [Instruction, Instruction];
    const a = only([
      { ...btc, amount: "620", quantity: "0.01", total_notional: "600" },
      { ...eth, amount: "380" },
    ]);
    expect(a.map((x) => x.severity)).toEqual(["warning", "warning"]);
    expect(a[0]?.message).toContain("BTC got 0.62");
    expect(a[1]?.message).toContain("ETH got 0.38");
    // 0.605 / 0.395 is within 0.01
    expect(only([{ ...btc, amount: "605" }, { ...eth, amount: "395" }])).toEqual([]);
  });
  it("(e) settled execution holding a failed or pending instruction", () => {
    const [btc, eth] = consistent() as [Instruction, Instruction];
    const a = only([btc, { ...eth, status: "failed", status_reason: "below_instrument_minimum", price: "", quantity: "", total_notional: "" }]);
    expect(a).toEqual([expect.objectContaining({ severity: "critical", message: expect.stringContaining("ETH instruction is failed") })]);
    const p = only([btc, { ...eth, status: "pending" }]);
    expect(p.map((x) => x.message)).toEqual([expect.stringContaining("pending")]);
  });
  it("only settled executions are checked", () => {
    const a = operationAnomalies(enrollment, [exec("rejected", [instr({ status: "failed" })], { status_reason: "insufficient_funds" })], {
      now: new Date(),
      sla: SLA,
    });
    expect(a).toEqual([]);
  });
});

describe("traderAnomalies / summarizeFills / formatDuration", () => {
  it("trader without enrollment", () => {
    const t = { id: "t", strategy_id: "s", participant_code: "ABC123" };
    expect(traderAnomalies(t, true)).toEqual([]);
    expect(traderAnomalies(t, false)).toEqual([
      expect.objectContaining({ code: "missed_events", severity: "info", message: expect.stringContaining("no enrollment execution seen for this trader") }),
    ]);
  });
  it("sums notionals per participant with decimals, no float drift", () => {
    const a = exec("settled", [instr({ total_notional: "0.1" }), instr({ underlying_currency: "ETH", total_notional: "0.2" }), instr({ side: "sell", total_notional: "1e-8" })]);
    const b = exec("settled", [instr({ total_notional: "5", status: "failed" })], { participant_code: "AAA111" });
    expect(summarizeFills([a, b])).toEqual([
      { participant_code: "ABC123", quoted_currency: "USD", buy_notional: "0.3", sell_notional: "0.00000001", executed_instructions: 3 },
    ]);
  });
  it("formats durations", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(90_000)).toBe("1m 30s");
    expect(formatDuration(26 * HOUR + 5 * 60_000)).toBe("1d 2h");
  });
});
