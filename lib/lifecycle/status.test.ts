import { describe, it, expect } from "vitest";
import { canTransition, isKnown, isTerminal, statusRank, OPERATION_STATUSES, EXECUTION_STATUSES } from "./status";

describe("status lattice", () => {
  it("ranks and terminality", () => {
    expect(OPERATION_STATUSES.map((s) => statusRank("operation", s))).toEqual([0, 1, 2, 3, 3, 3]);
    expect(EXECUTION_STATUSES.map((s) => statusRank("execution", s))).toEqual([0, 1, 1, 1]);
    expect(isTerminal("operation", "failed")).toBe(true);
    expect(isTerminal("operation", "settling")).toBe(false);
    expect(isTerminal("execution", "rejected")).toBe(true);
    expect(isKnown("operation", "paused")).toBe(false);
    expect(isKnown("operation", "toString")).toBe(false);
    expect(isKnown("execution", "pricing")).toBe(false);
  });
  it("canTransition: forward only, skips allowed, no repeats, nothing leaves terminal", () => {
    expect(canTransition("operation", "validating", "pricing")).toBe(true);
    expect(canTransition("operation", "validating", "settled")).toBe(true);
    expect(canTransition("operation", "pricing", "pricing")).toBe(false);
    expect(canTransition("operation", "settling", "pricing")).toBe(false);
    expect(canTransition("operation", "settled", "failed")).toBe(false);
    expect(canTransition("operation", "settled", "pricing")).toBe(false);
    expect(canTransition("operation", null, "settling")).toBe(true);
    expect(canTransition("operation", "pricing", "paused")).toBe(false);
    expect(canTransition("execution", "awaiting_execution", "rejected")).toBe(true);
    expect(canTransition("execution", "rejected", "settled")).toBe(false);
    expect(canTransition("execution", "settled", "awaiting_execution")).toBe(false);
  });
});
