import { describe, expect, it } from "vitest";
import { entityHref } from "./list";
import { byRule, openKeyOf } from "./sync";

describe("byRule", () => {
  it("one finding per rule: the most severe severity, the first message and how many more", () => {
    const m = byRule([
      { code: "fills_mismatch", severity: "warning", message: "a" },
      { code: "missed_events", severity: "info", message: "m" },
      { code: "fills_mismatch", severity: "critical", message: "b" },
      { code: "fills_mismatch", severity: "info", message: "c" },
    ]);
    expect([...m.values()]).toEqual([
      { code: "fills_mismatch", severity: "critical", message: "a (+2 more)" },
      { code: "missed_events", severity: "info", message: "m" },
    ]);
    expect(byRule([]).size).toBe(0);
  });
  it("keys an open anomaly by entity and rule", () => {
    expect(openKeyOf("operation", "op1", "stuck")).toBe("operation:op1:stuck");
  });
});

describe("entityHref", () => {
  const a = { entityId: "e/1", operationId: null, strategyId: null };
  it("links each entity to the page that shows it", () => {
    expect(entityHref({ ...a, entityKind: "operation" })).toBe("/operations/e%2F1");
    expect(entityHref({ ...a, entityKind: "execution", operationId: "op1" })).toBe("/operations/op1");
    expect(entityHref({ ...a, entityKind: "trader" })).toBe("/traders/e%2F1");
    expect(entityHref({ ...a, entityKind: "strategy" })).toBe("/strategies/e%2F1");
    expect(entityHref({ ...a, entityKind: "position", strategyId: "s1" })).toBe("/strategies/s1");
    expect(entityHref({ ...a, entityKind: "backtest", strategyId: "s1" })).toBe("/strategies/s1");
  });
  it("falls back to the events explorer (or the backtests list) without a parent", () => {
    expect(entityHref({ ...a, entityKind: "execution" })).toBe("/events?q=e%2F1");
    expect(entityHref({ ...a, entityKind: "position" })).toBe("/events?q=e%2F1");
    expect(entityHref({ ...a, entityKind: "backtest" })).toBe("/backtests");
  });
});
