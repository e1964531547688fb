import { describe, it, expect } from "vitest";
import { reduceExecution } from "./execution";
import { ev, exPayload, instr } from "./test-helpers";

describe("reduceExecution examples", () => {
  it("awaiting_execution → settled; instructions from the settling event", () => {
    const r = reduceExecution([
      ev("b", exPayload("settled", "2026-11-20T09:15:08Z", { instructions: [instr()] })),
      ev("a", exPayload("awaiting_execution", "2026-11-20T09:15:02Z", { instructions: [instr({ status: "pending", price: "", quantity: "", total_notional: "" })] })),
    ]);
    expect(r?.state.status).toBe("settled");
    expect(r?.state.instructions[0]?.status).toBe("executed");
    expect(r?.anomalies).toEqual([]);
    expect(r?.transitions.map((t) => [t.from, t.status, t.applied])).toEqual([
      [null, "awaiting_execution", true],
      ["awaiting_execution", "settled", true],
    ]);
  });

  it("a soft rejection sends only rejected: no anomaly", () => {
    const r = reduceExecution([
      ev("a", exPayload("rejected", "2026-11-20T09:15:08Z", { status_reason: "participant_not_approved", trader_id: "", account_label: "" })),
    ]);
    expect(r?.state).toMatchObject({ status: "rejected", status_reason: "participant_not_approved", trader_id: "", account_label: "" });
    expect(r?.anomalies).toEqual([]);
  });

  it("instructions fall back to the latest non-empty list; absent account_label is ''", () => {
    const p = exPayload("settled", "2026-11-20T09:15:08Z");
    delete p.account_label;
    const r = reduceExecution([ev("b", p), ev("a", exPayload("awaiting_execution", "2026-11-20T09:15:02Z", { instructions: [instr()], account_label: "" }))]);
    expect(r?.state.instructions).toHaveLength(1);
    expect(r?.state.account_label).toBe("");
  });

  it("rejected after settled is a second terminal status; unknown status kept", () => {
    const r = reduceExecution([
      ev("a", exPayload("settled", "2026-11-20T09:15:08Z")),
      ev("b", exPayload("rejected", "2026-11-20T09:15:09Z", { status_reason: "insufficient_funds" })),
      ev("c", exPayload("cancelled", "2026-11-20T09:15:10Z")),
    ]);
    expect(r?.state.status).toBe("settled");
    expect(r?.anomalies.map((a) => a.code)).toEqual(["two_terminal_statuses", "unknown_status"]);
  });
});
