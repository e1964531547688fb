import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { shuffledStory } from "@/lib/testing/pipai-story";
import { backtestRow, foldBacktest, reduceBacktest, type BacktestAggregate } from "./backtest";
import { compareLifecycleKeys, EMPTY_LIFECYCLE, isLifecycleEvent, lifecycleKey, reducePosition, reduceStrategy, type PipaiLifecycleEvent } from "./strategy";
import { advanceLifecycle, aggregateAnomalies, aggregateOf, foldStrategy, walkLifecycle, type StrategyAggregate } from "./strategy-fold";
import { pipaiEv as ev, pipaiEventSets } from "./test-helpers";

/**
 * What the intake does with a stream, one event at a time, as lib/server/projection/pipai.ts does
 * it: an id already stored is a duplicate and changes nothing; a new one is stored and folded into
 * the row, reading only the position it touched and, when it arrived late, the lifecycle events.
 */
function intake(stream: readonly PipaiLifecycleEvent[]) {
  const stored = new Map<string, PipaiLifecycleEvent>();
  let agg: StrategyAggregate | null = null;
  let rewalks = 0;
  for (const e of stream) {
    if (stored.has(e.notificationId)) continue;
    stored.set(e.notificationId, e);
    const all = [...stored.values()];
    const type = e.payload.type;
    const positionId = type === "strategy.position_opened" || type === "strategy.position_closed" ? String(e.payload.data.position_id) : null;
    const ofPosition = all.filter((x) => positionId !== null && x.payload.data.position_id === positionId && (x.payload.type === "strategy.position_opened" || x.payload.type === "strategy.position_closed"));
    const position = positionId === null ? null : { before: reducePosition(ofPosition.filter((x) => x !== e)), after: reducePosition(ofPosition) };
    let life = advanceLifecycle(agg?.life ?? EMPTY_LIFECYCLE, e);
    if (!life) {
      rewalks++;
      life = walkLifecycle(all.filter(isLifecycleEvent));
    }
    // stored with the row as JSON and read back before the next event
    agg = JSON.parse(JSON.stringify(foldStrategy(agg, "strat_1", e, life, position))) as StrategyAggregate;
  }
  return { agg: agg!, rewalks };
}

const scrambled = <T,>(events: readonly T[], seed: number, dups: readonly number[]) => shuffledStory([...events, ...dups.map((i) => structuredClone(events[i % events.length]!))], seed);

describe("strategy aggregates, one event at a time", () => {
  it("any shuffle and duplication of a stream gives the row reduceStrategy gives for its set", () => {
    fc.assert(
      fc.property(pipaiEventSets, fc.integer(), fc.array(fc.nat(), { maxLength: 6 }), (events, seed, dups) => {
        const { agg } = intake(scrambled(events, seed, dups));
        const whole = reduceStrategy(events)!;
        expect(agg.state).toEqual(whole.state);
        expect(aggregateAnomalies(agg)).toEqual(whole.anomalies);
        // and the stored aggregate itself is the same whatever the order (what the next event folds into)
        expect(agg).toEqual(aggregateOf(events));
      }),
      { numRuns: 400 },
    );
  });

  it("events in their own order never redo the lifecycle walk; a late lifecycle event does, once", () => {
    fc.assert(
      fc.property(pipaiEventSets, (events) => {
        const lifecycle = events.filter(isLifecycleEvent).sort((a, b) => compareLifecycleKeys(lifecycleKey(a), lifecycleKey(b)));
        const inOrder = [...lifecycle, ...events.filter((e) => !isLifecycleEvent(e))];
        expect(intake(inOrder).rewalks).toBe(0);
      }),
      { numRuns: 200 },
    );
    const created = ev("a", "strategy.created", "2026-11-20T08:00:00.000Z", { name: "A" });
    const deployed = ev("b", "strategy.deployed", "2026-11-20T08:01:00.000Z", { capital: "100", leverage: 2, deployed_at: "2026-11-20T08:01:00.000Z" });
    const fill = ev("c", "strategy.order_filled", "2026-11-20T07:00:00.000Z", { order_id: "o", price: "1", qty: "1", filled_at: "2026-11-20T07:00:00.000Z" });
    const late = intake([deployed, fill, created]);
    expect(late.rewalks).toBe(1);
    expect(late.agg.state).toMatchObject({ status: "deployed", name: "A", capital: "100", event_count: 3, fill_count: 1 });
    expect(aggregateAnomalies(late.agg)).toEqual([]);
  });

  it("a fill dated after the stop is flagged whichever arrives first, and the worst provider lag is kept", () => {
    const created = ev("a", "strategy.created", "2026-11-20T08:00:00.000Z", { name: "A" });
    const deployed = ev("b", "strategy.deployed", "2026-11-20T08:01:00.000Z", { capital: "100", leverage: 2, deployed_at: "2026-11-20T08:01:00.000Z" });
    const stopped = { ...ev("s", "strategy.stopped", "2026-11-20T08:10:00.000Z", {}), receivedAt: new Date("2026-11-20T12:10:00.000Z") };
    const fill = (id: string, at: string) => ev(id, "strategy.order_filled", at, { order_id: `o_${id}`, price: "1", qty: "1", filled_at: at });
    const early = fill("f1", "2026-11-20T08:05:00.000Z");
    const after = fill("f2", "2026-11-20T08:12:00.000Z");
    for (const order of [[created, deployed, stopped, early, after], [after, early, created, deployed, stopped], [stopped, after, deployed, early, created]]) {
      const { agg } = intake(order);
      expect(aggregateAnomalies(agg).map((a) => [a.code, a.message])).toEqual([["fill_after_stop", expect.stringContaining("order o_f2")]]);
      expect(agg.life.worstLag).toEqual({ event_at: "2026-11-20T08:10:00.000Z", received_at: "2026-11-20T12:10:00.000Z" });
    }
    expect(aggregateAnomalies(intake([created, deployed, stopped, early]).agg)).toEqual([]);
  });

  it("a position moves from open to closed in the totals, and a second close replaces the first's PnL", () => {
    const open = ev("o", "strategy.position_opened", "2026-11-20T08:00:00.000Z", { position_id: "p", opened_at: "2026-11-20T08:00:00.000Z", entry_price: "10", qty: "1" });
    const close1 = ev("c1", "strategy.position_closed", "2026-11-20T08:05:00.000Z", { position_id: "p", closed_at: "2026-11-20T08:05:00.000Z", pnl: "1.25" });
    const close2 = ev("c2", "strategy.position_closed", "2026-11-20T08:06:00.000Z", { position_id: "p", closed_at: "2026-11-20T08:06:00.000Z", pnl: "-0.5" });
    expect(intake([open]).agg.state).toMatchObject({ open_positions: 1, closed_positions: 0, realized_pnl: "0" });
    expect(intake([open, close1]).agg.state).toMatchObject({ open_positions: 0, closed_positions: 1, realized_pnl: "1.25" });
    const both = intake([close2, open, close1]).agg;
    expect(both.state).toMatchObject({ open_positions: 0, closed_positions: 1, realized_pnl: "-0.5" });
    expect(aggregateAnomalies(both).map((a) => a.code)).toEqual(["conflicting_close", "missed_events"]);
  });
});

describe("backtest aggregates, one event at a time", () => {
  const outcome = fc.record({
    done: fc.boolean(),
    at: fc.constantFrom("2026-11-20T08:00:00.000Z", "2026-11-20T08:01:00.000Z", "bad"),
    received: fc.integer({ min: 0, max: 100_000 }),
    ret: fc.constantFrom("0.1", "-0.2"),
  });
  const jobEvents = fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 3 }), outcome), { selector: ([id]) => id, minLength: 1, maxLength: 6 }).map((xs) =>
    xs.map(([id, o]) =>
      ev(id, o.done ? "backtest.job_done" : "backtest.job_failed", o.at, { job_id: "job_1", metrics: { total_return: o.ret, total_trades: 3 }, error_code: "E", message: id }, Date.UTC(2026, 10, 20, 10) + o.received),
    ),
  );

  it("any shuffle and duplication gives the row reduceBacktest gives for the set", () => {
    fc.assert(
      fc.property(jobEvents, fc.integer(), fc.array(fc.nat(), { maxLength: 4 }), (events, seed, dups) => {
        const seen = new Set<string>();
        let agg: BacktestAggregate | null = null;
        for (const e of scrambled(events, seed, dups)) {
          if (seen.has(e.notificationId)) continue;
          seen.add(e.notificationId);
          // stored with the row as JSON and read back before the next event
          agg = JSON.parse(JSON.stringify(foldBacktest(agg, e))) as BacktestAggregate;
        }
        expect(backtestRow(agg!)).toEqual(reduceBacktest(events));
      }),
      { numRuns: 300 },
    );
  });
});
