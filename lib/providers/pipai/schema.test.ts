import { describe, expect, it } from "vitest";
import { PIPAI_SAMPLE_DATA, PIPAI_VECTOR_BODY } from "./fixtures";
import { PIPAI_TYPES, dataSchemas, parsePipai, pipaiConsistency } from "./schema";

const env = (type: string, data: unknown) => ({ id: "evt_0123456789", type, created_at: "2026-11-20T09:20:00.000Z", data });

describe("PipAI schemas", () => {
  it.each(PIPAI_TYPES)("accepts a valid %s and keeps unknown fields", (type) => {
    const r = parsePipai(env(type, { ...PIPAI_SAMPLE_DATA[type], extra_field: { kept: true } }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.kind).toBe("modelled");
    expect(r.event.type).toBe(type);
    expect((r.event.data as Record<string, unknown>).extra_field).toEqual({ kept: true });
  });

  it.each(PIPAI_TYPES)("rejects %s without its first required field, naming it", (type) => {
    const data = { ...PIPAI_SAMPLE_DATA[type] };
    const required = Object.keys(dataSchemas[type].shape).find((k) => {
      const probe = { ...PIPAI_SAMPLE_DATA[type] };
      delete probe[k];
      return !dataSchemas[type].safeParse(probe).success;
    })!;
    delete data[required];
    const r = parsePipai(env(type, data));
    expect(r).toEqual({ ok: false, reason: expect.stringContaining(`data.${required}`) });
  });

  it("parses the spec vector's body and keeps decimals as strings", () => {
    const r = parsePipai(JSON.parse(PIPAI_VECTOR_BODY));
    expect(r.ok && r.event.kind === "modelled" && r.event.type === "strategy.position_closed" && r.event.data.pnl).toBe("82.20");
  });

  it("refuses float amounts and non-ISO times; tolerates an integer-string leverage", () => {
    expect(parsePipai(env("account.balance_low", { asset: "USDT", balance: 412.5, threshold: "500" })).ok).toBe(false);
    expect(parsePipai(env("strategy.order_filled", { ...PIPAI_SAMPLE_DATA["strategy.order_filled"], filled_at: "yesterday" })).ok).toBe(false);
    const r = parsePipai(env("strategy.deployed", { ...PIPAI_SAMPLE_DATA["strategy.deployed"], leverage: "3" }));
    expect(r.ok && r.event.kind === "modelled" && r.event.type === "strategy.deployed" && r.event.data.leverage).toBe(3);
  });

  it("normalises numeric backtest metrics to strings", () => {
    const r = parsePipai(env("backtest.job_done", { job_id: "bt_1", metrics: { total_return: 0.184, sharpe: 1.92, max_drawdown: -0.071, win_rate: 0.57, total_trades: 143, profit_factor: 1.66 } }));
    expect(r.ok && r.event.kind === "modelled" && r.event.type === "backtest.job_done" && r.event.data.metrics).toMatchObject({ total_return: "0.184", total_trades: 143 });
  });

  it("accepts webhook.test with any data and unknown types raw", () => {
    const t = parsePipai(env("webhook.test", { hello: "world" }));
    expect(t.ok && t.event.kind).toBe("test");
    const u = parsePipai(env("strategy.rebalanced", { strategy_id: "s", whatever: [1, 2] }));
    expect(u.ok && u.event.kind).toBe("unmodelled");
    expect(u.ok && u.event.data).toEqual({ strategy_id: "s", whatever: [1, 2] });
  });

  it("rejects a broken envelope", () => {
    expect(parsePipai({ type: "strategy.created", created_at: "2026-11-20T09:20:00.000Z", data: {} })).toEqual({ ok: false, reason: expect.stringContaining("id: required") });
    expect(parsePipai([1]).ok).toBe(false);
    expect(parsePipai({ ...env("strategy.created", PIPAI_SAMPLE_DATA["strategy.created"]), created_at: "2026-11-20" }).ok).toBe(false);
  });

  it("requires the headers to agree with the body", () => {
    const r = parsePipai(env("strategy.paused", PIPAI_SAMPLE_DATA["strategy.paused"]));
    if (!r.ok) throw new Error(r.reason);
    expect(pipaiConsistency(r.event, { externalId: "evt_0123456789", payloadType: "strategy.paused" })).toBeNull();
    expect(pipaiConsistency(r.event, { externalId: "evt_other", payloadType: "strategy.paused" })).toMatch(/X-PipAI-Event-Id "evt_other" ≠ body id "evt_0123456789"/);
    expect(pipaiConsistency(r.event, { externalId: "evt_0123456789", payloadType: "strategy.stopped" })).toMatch(/X-PipAI-Event-Type/);
  });
});

describe("PipAI strings PostgreSQL cannot store or index (docs/decisions/0012)", () => {
  it("refuses U+0000, unpaired surrogates and over-long values in ids and codes, naming the field", () => {
    for (const [path, data] of [
      ["data.strategy_id", { ...PIPAI_SAMPLE_DATA["strategy.paused"], strategy_id: "s\u0000" }],
      ["data.strategy_id", { ...PIPAI_SAMPLE_DATA["strategy.paused"], strategy_id: "s\ud800" }],
      ["data.error_code", { ...PIPAI_SAMPLE_DATA["strategy.error"], error_code: "E\u0000" }],
      ["data.position_id", { ...PIPAI_SAMPLE_DATA["strategy.position_opened"], position_id: "p".repeat(201) }],
    ] as const) {
      const type = path === "data.error_code" ? "strategy.error" : path === "data.position_id" ? "strategy.position_opened" : "strategy.paused";
      const r = parsePipai(env(type, data));
      expect(r.ok, path).toBe(false);
      if (!r.ok) expect(r.reason).toContain(path);
    }
    const id = parsePipai({ ...env("strategy.paused", PIPAI_SAMPLE_DATA["strategy.paused"]), id: "evt_\u0000" });
    expect(id.ok).toBe(false);
    // an unmodelled type is filed under its strategy_id, so that one is checked too
    const unknown = parsePipai(env("strategy.renamed", { strategy_id: "s\u0000" }));
    expect(unknown.ok).toBe(false);
  });

  it("keeps free text (name, message) with U+0000 escaped", () => {
    const r = parsePipai(env("strategy.error", { ...PIPAI_SAMPLE_DATA["strategy.error"], message: "bad\u0000thing" }));
    expect(r.ok && r.event.kind === "modelled" && r.event.type === "strategy.error" && r.event.data.message).toBe("bad\\u0000thing");
  });

  it("refuses integers wider than the 32-bit columns they fill", () => {
    const base = PIPAI_SAMPLE_DATA["strategy.deployed"];
    expect(parsePipai(env("strategy.deployed", { ...base, leverage: 2 ** 31 })).ok).toBe(false);
    expect(parsePipai(env("strategy.deployed", { ...base, leverage: "99999999999" })).ok).toBe(false);
    expect(parsePipai(env("strategy.deployed", { ...base, leverage: 2 ** 31 - 1 })).ok).toBe(true);
  });
});
