import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { pipaiStory, shuffledStory } from "@/lib/testing/pipai-story";
import { reduceBacktest } from "./backtest";
import { reducePosition, reduceStrategy, type PipaiEnvelope } from "./strategy";
import { pipaiEv as ev, pipaiEventSets as eventSets, PIPAI_RECEIVED as RECEIVED } from "./test-helpers";

const fromStory = () => pipaiStory().events.map((e, i) => ({ notificationId: e.id, receivedAt: new Date(RECEIVED + i * 1000), payload: JSON.parse(e.body) as PipaiEnvelope }));

describe("reduceStrategy", () => {
  it("follows the story: stopped, one closed position with its PnL, one open, partial fills summarised", () => {
    const r = reduceStrategy(fromStory())!;
    expect(r.state).toMatchObject({ status: "stopped", capital: "10000.00", leverage: 2, realized_pnl: "82.2", open_positions: 1, closed_positions: 1, fill_count: 2, event_count: 9 });
    expect(r.transitions.map((t) => `${t.from}→${t.status}:${t.applied}`)).toEqual(["null→draft:true", "draft→deployed:true", "deployed→paused:true", "paused→stopped:true"]);
    expect(r.anomalies).toEqual([]);
    expect(r.orders).toEqual([expect.objectContaining({ fill_count: 2, filled_qty: "1.2", avg_price: "3120.29166667", partial: true })]);
    expect(r.positions.map((p) => [p.status, p.pnl])).toEqual([["closed", "82.20"], ["open", null]]);
  });

  it("resumes paused → deployed, and error halts with the last error kept", () => {
    const r = reduceStrategy([
      ev("e1", "strategy.created", "2026-11-20T08:00:00.000Z", { name: "A", status: "draft" }),
      ev("e2", "strategy.deployed", "2026-11-20T08:01:00.000Z", { capital: "100", leverage: 1, deployed_at: "2026-11-20T08:01:00.000Z" }),
      ev("e3", "strategy.paused", "2026-11-20T08:02:00.000Z", {}),
      ev("e4", "strategy.deployed", "2026-11-20T08:03:00.000Z", { capital: "250.5", leverage: 3, deployed_at: "2026-11-20T08:03:00.000Z", dry_run: true }),
      ev("e5", "strategy.error", "2026-11-20T08:04:00.000Z", { error_code: "exchange_down", message: "timeout" }),
    ])!;
    expect(r.state).toMatchObject({ status: "error", capital: "250.5", leverage: 3, dry_run: true, name: "A" });
    expect(r.state.last_error).toMatchObject({ error_code: "exchange_down", message: "timeout" });
    expect(r.errors).toHaveLength(1);
  });

  it("keeps impossible transitions in history without applying them (stopped is terminal, error → paused)", () => {
    const r = reduceStrategy([
      ev("e1", "strategy.created", "2026-11-20T08:00:00.000Z", {}),
      ev("e2", "strategy.error", "2026-11-20T08:01:00.000Z", { error_code: "x", message: "" }),
      ev("e3", "strategy.paused", "2026-11-20T08:02:00.000Z", {}),
      ev("e4", "strategy.stopped", "2026-11-20T08:03:00.000Z", {}),
      ev("e5", "strategy.deployed", "2026-11-20T08:04:00.000Z", { capital: "1", leverage: 1, deployed_at: "2026-11-20T08:04:00.000Z" }),
    ])!;
    expect(r.state.status).toBe("stopped");
    expect(r.transitions.map((t) => [t.from, t.status, t.applied])).toEqual([
      [null, "draft", true],
      ["draft", "error", true],
      ["error", "paused", false],
      ["error", "stopped", true],
      ["stopped", "deployed", false],
    ]);
    expect(r.anomalies.filter((a) => a.code === "impossible_transition")).toHaveLength(2);
    expect(r.state.capital).toBeNull();
  });

  it("a repeated status under another event id is recorded, not applied, and not an anomaly", () => {
    const r = reduceStrategy([
      ev("e1", "strategy.created", "2026-11-20T08:00:00.000Z", {}),
      ev("e2", "strategy.error", "2026-11-20T08:01:00.000Z", { error_code: "a", message: "" }),
      ev("e3", "strategy.error", "2026-11-20T08:02:00.000Z", { error_code: "b", message: "" }),
      ev("e4", "strategy.stopped", "2026-11-20T08:03:00.000Z", {}),
      ev("e5", "strategy.stopped", "2026-11-20T08:04:00.000Z", {}),
    ])!;
    expect(r.transitions.map((t) => [t.status, t.applied])).toEqual([["draft", true], ["error", true], ["error", false], ["stopped", true], ["stopped", false]]);
    expect(r.anomalies).toEqual([]);
    expect(r.errors.map((e) => e.error_code)).toEqual(["a", "b"]);
    expect(r.state.last_error?.error_code).toBe("b");
  });

  it("flags a missing strategy.created and a strategy known only from its positions", () => {
    expect(reduceStrategy([ev("e1", "strategy.paused", "2026-11-20T08:02:00.000Z", {})])!.anomalies.map((a) => a.code)).toEqual(["missed_events"]);
    const r = reduceStrategy([ev("e1", "strategy.position_opened", "2026-11-20T08:02:00.000Z", { position_id: "p", symbol: "X", side: "long", entry_price: "1", qty: "1", leverage: 1, opened_at: "2026-11-20T08:02:00.000Z" })])!;
    expect(r.state.status).toBe("unknown");
    expect(r.state.open_positions).toBe(1);
  });

  it("sums PnL exactly with decimals (no float drift)", () => {
    const close = (id: string, pnl: string) =>
      ev(id, "strategy.position_closed", "2026-11-20T09:00:00.000Z", { position_id: id, symbol: "X", side: "long", entry_price: "1", exit_price: "1", qty: "1", exit_qty: "1", pnl, leverage: 1, opened_at: "2026-11-20T08:00:00.000Z", closed_at: "2026-11-20T09:00:00.000Z" });
    expect(reduceStrategy([close("a", "0.1"), close("b", "0.2"), close("c", "-0.3000000000000000001")])!.state.realized_pnl).toBe("-0.0000000000000000001");
  });
});

describe("reducePosition", () => {
  const opened = (id: string, at: string) => ev(id, "strategy.position_opened", at, { position_id: "p1", symbol: "ETHUSDT", side: "long", entry_price: "10", qty: "2", leverage: 5, opened_at: at });
  const closed = (id: string, at: string, pnl = "4") => ev(id, "strategy.position_closed", at, { position_id: "p1", symbol: "ETHUSDT", side: "long", entry_price: "10", exit_price: "12", qty: "2", exit_qty: "2", pnl, leverage: 5, opened_at: "2026-11-20T08:00:00.000Z", closed_at: at });

  it("a closed position never reopens on a late opened event", () => {
    const p = reducePosition([closed("c", "2026-11-20T09:00:00.000Z"), opened("o", "2026-11-20T08:00:00.000Z"), opened("o2", "2026-11-20T10:00:00.000Z")])!;
    expect(p.status).toBe("closed");
    expect(p.pnl).toBe("4");
    expect(p.anomalies.map((a) => a.code)).toEqual(["position_reopened"]);
  });

  it("fills entry data from the close when the open was dropped, and flags it", () => {
    const p = reducePosition([closed("c", "2026-11-20T09:00:00.000Z")])!;
    expect(p).toMatchObject({ status: "closed", entry_price: "10", qty: "2", leverage: 5, opened_at: "2026-11-20T08:00:00.000Z" });
    expect(p.anomalies.map((a) => a.code)).toEqual(["missed_events"]);
  });

  it("two different closes: the latest closed_at wins and the conflict is flagged", () => {
    const p = reducePosition([opened("o", "2026-11-20T08:00:00.000Z"), closed("c2", "2026-11-20T09:30:00.000Z", "9"), closed("c1", "2026-11-20T09:00:00.000Z", "4")])!;
    expect(p.pnl).toBe("9");
    expect(p.anomalies.map((a) => a.code)).toEqual(["conflicting_close"]);
  });
});

describe("reduceBacktest", () => {
  it("metrics for a done job, error for a failed one, latest wins when both arrive", () => {
    const done = ev("d", "backtest.job_done", "2026-11-20T09:00:00.000Z", { job_id: "bt", metrics: { total_return: "0.1", sharpe: "1", max_drawdown: "-0.05", win_rate: "0.5", total_trades: 10, profit_factor: "1.2" } });
    const failed = ev("f", "backtest.job_failed", "2026-11-20T08:00:00.000Z", { job_id: "bt", error_code: "oom", message: "out of memory" });
    expect(reduceBacktest([done])).toMatchObject({ status: "done", metrics: { sharpe: "1", total_trades: 10 }, error_code: null });
    expect(reduceBacktest([failed])).toMatchObject({ status: "failed", metrics: null, error_code: "oom", error_message: "out of memory" });
    const both = reduceBacktest([failed, done])!;
    expect(both.status).toBe("done");
    expect(both.anomalies.map((a) => a.code)).toEqual(["conflicting_outcome"]);
    expect(reduceBacktest([done, failed])).toEqual(both);
  });
});

// --- properties ------------------------------------------------------------------------------

describe("order independence (properties)", () => {
  it("any arrival order and any duplication give the same strategy, positions and fills", () => {
    fc.assert(
      fc.property(eventSets, fc.integer(), fc.array(fc.nat(), { maxLength: 5 }), (events, seed, dups) => {
        const copies = dups.map((i) => structuredClone(events[i % events.length]!));
        const scrambled = shuffledStory([...events, ...copies], seed);
        expect(reduceStrategy(scrambled)).toEqual(reduceStrategy(events));
      }),
      { numRuns: 300 },
    );
  });

  it("status is always a documented status, or unknown with no lifecycle event", () => {
    fc.assert(
      fc.property(eventSets, (events) => {
        const r = reduceStrategy(events)!;
        const lifecycle = r.transitions.length > 0;
        expect(lifecycle ? ["draft", "deployed", "paused", "error", "stopped"] : ["unknown"]).toContain(r.state.status);
        // once stopped is applied, nothing after it is
        const i = r.transitions.findIndex((t) => t.applied && t.status === "stopped");
        if (i >= 0) expect(r.transitions.slice(i + 1).every((t) => !t.applied)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("a position with a close event is closed whatever else arrives", () => {
    fc.assert(
      fc.property(eventSets, fc.integer(), (events, seed) => {
        const r = reduceStrategy(shuffledStory(events, seed))!;
        for (const p of r.positions) {
          const hasClose = events.some((e) => e.payload.type === "strategy.position_closed" && e.payload.data.position_id === p.id);
          expect(p.status).toBe(hasClose ? "closed" : "open");
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("fill after stop", () => {
  const lifecycle = [
    ev("e1", "strategy.created", "2026-11-20T08:00:00.000Z", {}),
    ev("e2", "strategy.deployed", "2026-11-20T08:01:00.000Z", { capital: "1", leverage: 1, deployed_at: "2026-11-20T08:01:00.000Z" }),
    ev("e3", "strategy.stopped", "2026-11-20T08:10:00.000Z", {}),
  ];
  const fill = (id: string, at: string) => ev(id, "strategy.order_filled", at, { order_id: `o_${id}`, symbol: "ETHUSDT", side: "buy", type: "market", price: "1", qty: "1", filled_at: at });
  it("flags a fill dated after the stop", () => {
    const r = reduceStrategy([...lifecycle, fill("f1", "2026-11-20T08:05:00.000Z"), fill("f2", "2026-11-20T08:12:00.000Z")])!;
    expect(r.anomalies).toEqual([expect.objectContaining({ code: "fill_after_stop", severity: "warning", message: expect.stringContaining("order o_f2") })]);
  });
  it("not for fills before the stop, nor for a strategy that is not stopped", () => {
    expect(reduceStrategy([...lifecycle, fill("f1", "2026-11-20T08:05:00.000Z")])!.anomalies).toEqual([]);
    expect(reduceStrategy([...lifecycle.slice(0, 2), fill("f2", "2026-11-20T08:12:00.000Z")])!.anomalies).toEqual([]);
  });
});
