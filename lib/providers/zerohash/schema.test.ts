import { describe, it, expect } from "vitest";
import {
  parseZerohash,
  operationPayload,
  executionPayload,
  traderPayload,
  instructionSchema,
  allocationSchema,
  ZH_OPERATION,
  ZH_EXECUTION,
  ZH_TRADER,
} from "./schema";
import {
  ZH_VECTOR_BODY,
  ZH_EXECUTION_SETTLED_BODY,
  ZH_EXECUTION_AWAITING_BODY,
  ZH_EXECUTION_REJECTED_BODY,
  ZH_TRADER_CREATED_BODY,
  ZH_FIXTURE_STRATEGY_ID,
} from "./fixtures";

const obj = (s: string): Record<string, unknown> => JSON.parse(s) as Record<string, unknown>;

const reasonOf = (r: ReturnType<typeof parseZerohash>): string => {
  if (r.ok) throw new Error("expected failure");
  return r.reason;
};

describe("payload type constants", () => {
  it("are the spec strings", () => {
    expect(ZH_OPERATION).toBe("trade_strategy.operation.status_changed");
    expect(ZH_EXECUTION).toBe("trade_strategy.execution.status_changed");
    expect(ZH_TRADER).toBe("trade_strategy.trader.created");
  });
});

describe("operation", () => {
  it("parses the spec body", () => {
    const r = parseZerohash(ZH_OPERATION, obj(ZH_VECTOR_BODY));
    expect(r.ok).toBe(true);
    if (!r.ok || r.event.kind !== "operation") throw new Error("unexpected");
    expect(r.event.payload.status).toBe("pricing");
    expect(r.event.payload.allocations).toEqual([
      { underlying_currency: "BTC", weight: "0.6" },
      { underlying_currency: "ETH", weight: "0.4" },
    ]);
  });

  it("keeps unknown status/type/status_reason verbatim", () => {
    const r = parseZerohash(ZH_OPERATION, {
      ...obj(ZH_VECTOR_BODY),
      type: "rebalance_v2",
      status: "quarantined",
      status_reason: "some_new_reason",
    });
    if (!r.ok || r.event.kind !== "operation") throw new Error("unexpected");
    expect(r.event.payload.type).toBe("rebalance_v2");
    expect(r.event.payload.status).toBe("quarantined");
    expect(r.event.payload.status_reason).toBe("some_new_reason");
  });

  it("keeps extra fields (top level and nested)", () => {
    const input = obj(ZH_VECTOR_BODY);
    input.new_field = { nested: [1, 2] };
    input.allocations = [{ underlying_currency: "BTC", weight: "1", venue: "x" }];
    const r = parseZerohash(ZH_OPERATION, input);
    if (!r.ok || r.event.kind !== "operation") throw new Error("unexpected");
    expect((r.event.payload as Record<string, unknown>).new_field).toEqual({ nested: [1, 2] });
    expect(r.event.payload.allocations[0]).toEqual({ underlying_currency: "BTC", weight: "1", venue: "x" });
  });

  it("liquidation with empty allocations and a '0' rebalance weight are valid", () => {
    expect(operationPayload.safeParse({ ...obj(ZH_VECTOR_BODY), type: "liquidation", allocations: [] }).success).toBe(
      true,
    );
    expect(allocationSchema.safeParse({ underlying_currency: "ETH", weight: "0" }).success).toBe(true);
  });

  it("missing required field: reason names the field", () => {
    const input = obj(ZH_VECTOR_BODY);
    delete input.status;
    const reason = reasonOf(parseZerohash(ZH_OPERATION, input));
    expect(reason).toMatch(/^invalid trade_strategy\.operation\.status_changed payload: /);
    expect(reason).toContain("status:");
    expect(reason).not.toContain("\n");
  });

  it("empty id and strategy_id are rejected", () => {
    const reason = reasonOf(parseZerohash(ZH_OPERATION, { ...obj(ZH_VECTOR_BODY), id: "", strategy_id: "" }));
    expect(reason).toContain("id:");
    expect(reason).toContain("strategy_id:");
  });

  it("reports wrong types and bad decimals with paths", () => {
    const input = obj(ZH_VECTOR_BODY);
    input.status = 3;
    input.allocations = [{ underlying_currency: "BTC", weight: 0.6 }, { underlying_currency: "ETH", weight: "4e-1" }];
    const reason = reasonOf(parseZerohash(ZH_OPERATION, input));
    expect(reason).toContain("status: expected string");
    expect(reason).toContain("allocations.0.weight: expected string");
    expect(reason).toContain("allocations.1.weight: expected a decimal string");
  });

  it("rejects non-RFC 3339 timestamps", () => {
    for (const bad of ["2026-11-20", "2026-11-20 09:15:00", "2026-11-20T09:15:00", "yesterday", "2026-13-40T99:00:00Z"]) {
      const reason = reasonOf(parseZerohash(ZH_OPERATION, { ...obj(ZH_VECTOR_BODY), updated_at: bad }));
      expect(reason).toContain("updated_at:");
    }
    expect(
      parseZerohash(ZH_OPERATION, { ...obj(ZH_VECTOR_BODY), updated_at: "2026-11-20T10:15:02.123+01:00" }).ok,
    ).toBe(true);
  });

  it("non-object body is rejected with a root path", () => {
    expect(reasonOf(parseZerohash(ZH_OPERATION, [1, 2]))).toContain("(root):");
    expect(reasonOf(parseZerohash(ZH_OPERATION, null))).toContain("(root):");
  });
});

describe("execution", () => {
  it("parses a settled execution with two executed buy instructions", () => {
    const r = parseZerohash(ZH_EXECUTION, obj(ZH_EXECUTION_SETTLED_BODY));
    if (!r.ok || r.event.kind !== "execution") throw new Error(r.ok ? "wrong kind" : r.reason);
    const p = r.event.payload;
    expect(p.status).toBe("settled");
    expect(p.account_label).toBe(ZH_FIXTURE_STRATEGY_ID);
    expect(p.instructions).toHaveLength(2);
    expect(p.instructions.map((i) => [i.side, i.status, i.underlying_currency])).toEqual([
      ["buy", "executed", "BTC"],
      ["buy", "executed", "ETH"],
    ]);
    expect(p.instructions[0]?.price).toBe("96250.12");
    expect(typeof p.instructions[0]?.quantity).toBe("string");
  });

  it("parses awaiting_execution with empty price/quantity/executed_at and empty trader_id", () => {
    const r = parseZerohash(ZH_EXECUTION, obj(ZH_EXECUTION_AWAITING_BODY));
    if (!r.ok || r.event.kind !== "execution") throw new Error(r.ok ? "wrong kind" : r.reason);
    expect(r.event.payload.trader_id).toBe("");
    expect(r.event.payload.instructions[0]?.executed_at).toBe("");
    expect(r.event.payload.instructions[0]?.price).toBe("");
  });

  it("rejected pre-trader: account_label absent → \"\", instructions absent → []", () => {
    const r = parseZerohash(ZH_EXECUTION, obj(ZH_EXECUTION_REJECTED_BODY));
    if (!r.ok || r.event.kind !== "execution") throw new Error(r.ok ? "wrong kind" : r.reason);
    expect(r.event.payload.account_label).toBe("");
    expect(r.event.payload.instructions).toEqual([]);
    expect(r.event.payload.status_reason).toBe("participant_not_approved");
  });

  it("keeps unknown execution and instruction enum values verbatim", () => {
    const input = obj(ZH_EXECUTION_SETTLED_BODY);
    input.status = "partially_reversed";
    const ins = (input.instructions as Record<string, unknown>[])[0]!;
    ins.side = "swap";
    ins.amount_type = "percentage";
    ins.status = "cancelled_by_venue";
    ins.extra = true;
    const r = parseZerohash(ZH_EXECUTION, input);
    if (!r.ok || r.event.kind !== "execution") throw new Error(r.ok ? "wrong kind" : r.reason);
    expect(r.event.payload.status).toBe("partially_reversed");
    expect(r.event.payload.instructions[0]).toMatchObject({
      side: "swap",
      amount_type: "percentage",
      status: "cancelled_by_venue",
      extra: true,
    });
  });

  it("missing operation_id and bad instruction decimal are named", () => {
    const input = obj(ZH_EXECUTION_SETTLED_BODY);
    delete input.operation_id;
    (input.instructions as Record<string, unknown>[])[1]!.price = "3,512.40";
    const reason = reasonOf(parseZerohash(ZH_EXECUTION, input));
    expect(reason).toMatch(/^invalid trade_strategy\.execution\.status_changed payload: /);
    expect(reason).toContain("operation_id:");
    expect(reason).toContain("instructions.1.price:");
  });

  it("instruction schema requires amount as a decimal string", () => {
    const ins = (obj(ZH_EXECUTION_SETTLED_BODY).instructions as unknown[])[0] as Record<string, unknown>;
    expect(instructionSchema.safeParse(ins).success).toBe(true);
    expect(instructionSchema.safeParse({ ...ins, amount: "" }).success).toBe(false);
    expect(instructionSchema.safeParse({ ...ins, amount: 600 }).success).toBe(false);
    expect(executionPayload.safeParse(obj(ZH_EXECUTION_SETTLED_BODY)).success).toBe(true);
  });
});

describe("trader", () => {
  it("parses trader.created", () => {
    const r = parseZerohash(ZH_TRADER, obj(ZH_TRADER_CREATED_BODY));
    if (!r.ok || r.event.kind !== "trader") throw new Error(r.ok ? "wrong kind" : r.reason);
    expect(r.event.payload.auto_rebalance).toBe(true);
    expect(r.event.payload.account_label).toBe(ZH_FIXTURE_STRATEGY_ID);
  });

  it("auto_rebalance must be a boolean", () => {
    const reason = reasonOf(parseZerohash(ZH_TRADER, { ...obj(ZH_TRADER_CREATED_BODY), auto_rebalance: "yes" }));
    expect(reason).toContain("auto_rebalance: expected boolean");
    expect(traderPayload.safeParse(obj(ZH_TRADER_CREATED_BODY)).success).toBe(true);
  });
});

describe("unmodelled", () => {
  it("other payload types are accepted verbatim", () => {
    for (const t of ["participant_status_changed", "account_balance_changed", "unspecified", "something_new", ""]) {
      const payload = { anything: [1, "x"], nested: { a: null } };
      const r = parseZerohash(t, payload);
      expect(r).toEqual({ ok: true, event: { kind: "unmodelled", payload } });
    }
  });

  it("unmodelled accepts any JSON value", () => {
    expect(parseZerohash("trade_status_changed", "str").ok).toBe(true);
    expect(parseZerohash("trade_status_changed", null).ok).toBe(true);
  });
});

describe("zerohash strings PostgreSQL cannot store or index (docs/decisions/0012)", () => {
  const op = JSON.parse(ZH_VECTOR_BODY) as Record<string, unknown>;
  it.each(["id", "strategy_id", "request_id", "status", "status_reason", "type"])("refuses U+0000 or an unpaired surrogate in %s, naming it", (field) => {
    for (const bad of ["x\u0000", "x\udc00"]) {
      const r = parseZerohash(ZH_OPERATION, { ...op, [field]: bad });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toContain(`${field}: contains U+0000 or an unpaired surrogate`);
    }
  });

  it("refuses ids and codes over 200 characters; 200 is fine", () => {
    const r = parseZerohash(ZH_OPERATION, { ...op, strategy_id: "s".repeat(201) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain("strategy_id: longer than 200 characters");
    expect(parseZerohash(ZH_OPERATION, { ...op, strategy_id: "s".repeat(200) }).ok).toBe(true);
  });

  it("checks strings nested in executions too", () => {
    const ex = JSON.parse(ZH_EXECUTION_SETTLED_BODY) as { instructions: Record<string, unknown>[] };
    ex.instructions[0]!.trade_ids = ["t\u0000"];
    const r = parseZerohash(ZH_EXECUTION, ex);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain("instructions.0.trade_ids.0");
  });
});
