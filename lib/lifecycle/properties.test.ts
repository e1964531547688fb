import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { reduceOperation } from "./operation";
import { reduceExecution } from "./execution";
import { statusRank } from "./status";
import type { LifecycleEvent } from "./types";
import { exPayload, instr, opPayload, seededShuffle } from "./test-helpers";

const NUM_RUNS = 300;

// Few distinct timestamps → many ties; one unparseable value.
const updatedAt = fc.constantFrom(
  "2026-11-20T09:15:00Z",
  "2026-11-20T09:15:01Z",
  "2026-11-20T09:15:01.000Z",
  "2026-11-20T09:15:02Z",
  "2026-11-20T09:15:03Z",
  "not-a-date",
);
const receivedAt = fc.integer({ min: 0, max: 60_000 }).map((ms) => new Date(Date.UTC(2026, 10, 20, 9, 16) + ms));
const opStatus = fc.constantFrom("validating", "pricing", "settling", "settled", "skipped", "failed", "paused", "SETTLED", "");
const exStatus = fc.constantFrom("awaiting_execution", "settled", "skipped", "rejected", "cancelled", "");
const reason = fc.constantFrom("", "no_executions", "all_rejected", "all_skipped", "partial_success", "weird");
const opType = fc.constantFrom("enrollment", "top_up", "", "rebalance");

const opEvent = fc.record({ status: opStatus, updated_at: updatedAt, reason, type: opType, receivedAt, emptyAlloc: fc.boolean() });
const opEvents = fc
  .uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), opEvent), { selector: ([id]) => id, minLength: 1, maxLength: 12 })
  .map((xs) =>
    xs.map(
      ([id, e]): LifecycleEvent<ReturnType<typeof opPayload>> => ({
        notificationId: id,
        receivedAt: e.receivedAt,
        payload: opPayload(e.status, e.updated_at, { status_reason: e.reason, type: e.type, ...(e.emptyAlloc ? { allocations: [] } : {}) }),
      }),
    ),
  );

const exEvent = fc.record({ status: exStatus, updated_at: updatedAt, reason: fc.constantFrom("", "insufficient_funds"), receivedAt, n: fc.nat(2), trader: fc.constantFrom("", "tr-1") });
const exEvents = fc
  .uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), exEvent), { selector: ([id]) => id, minLength: 1, maxLength: 10 })
  .map((xs) =>
    xs.map(
      ([id, e]): LifecycleEvent<ReturnType<typeof exPayload>> => ({
        notificationId: id,
        receivedAt: e.receivedAt,
        payload: exPayload(e.status, e.updated_at, {
          status_reason: e.reason,
          trader_id: e.trader,
          instructions: Array.from({ length: e.n }, (_, i) => instr({ amount: String(100 * (i + 1)), trade_ids: [`${id}-${i}`] })),
        }),
      }),
    ),
  );

/** Shuffle + duplicate (exact copies, including fresh object identities) with a seeded permutation. */
function scramble<P>(events: LifecycleEvent<P>[], seed: number, dupIdx: number[]): LifecycleEvent<P>[] {
  const dups = dupIdx
    .map((i) => events[i % events.length])
    .filter((e): e is LifecycleEvent<P> => e !== undefined)
    .map((e) => structuredClone(e));
  return seededShuffle([...events, ...dups], seed);
}

describe("set semantics (permutation + duplication invariance)", () => {
  it("reduceOperation", () => {
    fc.assert(
      fc.property(opEvents, fc.integer(), fc.array(fc.nat(), { maxLength: 8 }), (events, seed, dupIdx) => {
        expect(reduceOperation(scramble(events, seed, dupIdx))).toEqual(reduceOperation(events));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("reduceExecution", () => {
    fc.assert(
      fc.property(exEvents, fc.integer(), fc.array(fc.nat(), { maxLength: 8 }), (events, seed, dupIdx) => {
        expect(reduceExecution(scramble(events, seed, dupIdx))).toEqual(reduceExecution(events));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("retries with different receivedAt / conflicting payloads still give an order-independent result", () => {
    fc.assert(
      fc.property(opEvents, opEvents, fc.integer(), (a, b, seed) => {
        // b reuses a's notification ids with other payloads and delivery times.
        const clash = b.map((e, i) => ({ ...e, notificationId: a[i % a.length]?.notificationId ?? e.notificationId }));
        const all = [...a, ...clash];
        expect(reduceOperation(seededShuffle(all, seed))).toEqual(reduceOperation(all));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("monotonicity", () => {
  const rank = (s: string | undefined): number => (s === undefined ? -1 : (statusRank("operation", s) ?? -1));

  it("a late (older updated_at) operation event never moves the status backwards", () => {
    fc.assert(
      fc.property(opEvents, opStatus, fc.integer({ min: 1, max: 3600 }), (events, status, ageS) => {
        const before = reduceOperation(events);
        const late: LifecycleEvent<ReturnType<typeof opPayload>> = {
          notificationId: "late-event-id",
          receivedAt: new Date(Date.UTC(2026, 10, 20, 10)),
          payload: opPayload(status, new Date(Date.UTC(2026, 10, 20, 9, 15) - ageS * 1000).toISOString()),
        };
        const after = reduceOperation([...events, late]);
        expect(rank(after?.state.status)).toBeGreaterThanOrEqual(rank(before?.state.status));
        // a once-terminal operation keeps its exact terminal status
        if (rank(before?.state.status) === 3 && rank(status) !== -1) {
          // the late event sorts first, so it may become the first terminal only if it is terminal itself
          if (rank(status) < 3) expect(after?.state.status).toBe(before?.state.status);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("a late execution event never moves the status backwards", () => {
    const erank = (s: string | undefined): number => (s === undefined ? -1 : (statusRank("execution", s) ?? -1));
    fc.assert(
      fc.property(exEvents, exStatus, (events, status) => {
        const before = reduceExecution(events);
        const after = reduceExecution([
          ...events,
          { notificationId: "late-event-id", receivedAt: new Date(), payload: exPayload(status, "2026-11-20T08:00:00Z") },
        ]);
        expect(erank(after?.state.status)).toBeGreaterThanOrEqual(erank(before?.state.status));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
