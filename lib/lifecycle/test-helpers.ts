// Fixture builders for lib/lifecycle tests (not a test file itself).
import fc from "fast-check";
import type { PipaiLifecycleEvent } from "./strategy";
import type { ExecutionPayload, Instruction, LifecycleEvent, OperationPayload } from "./types";

export const OP_ID = "5b7e2c1a-9d44-4f0e-8a61-2c3d4e5f6a7b";
export const STRATEGY_ID = "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f";

export function opPayload(status: string, updated_at: string, extra: Partial<OperationPayload> = {}): OperationPayload {
  return {
    id: OP_ID,
    strategy_id: STRATEGY_ID,
    request_id: "9f8e7d6c-5b4a-4392-8c1d-0e9f8a7b6c5d",
    type: "enrollment",
    status,
    status_reason: "",
    allocations: [
      { underlying_currency: "BTC", weight: "0.6" },
      { underlying_currency: "ETH", weight: "0.4" },
    ],
    created_at: "2026-11-20T09:15:00Z",
    updated_at,
    ...extra,
  };
}

export function ev<P>(notificationId: string, payload: P, receivedAt = "2026-11-20T10:00:00Z"): LifecycleEvent<P> {
  return { notificationId, receivedAt: new Date(receivedAt), payload };
}

export function instr(extra: Partial<Instruction> = {}): Instruction {
  return {
    underlying_currency: "BTC",
    quoted_currency: "USD",
    side: "buy",
    amount: "600",
    amount_type: "notional",
    status: "executed",
    status_reason: "",
    price: "60000",
    quantity: "0.01",
    total_notional: "600",
    trade_ids: ["t-1"],
    executed_at: "2026-11-20T09:15:05Z",
    ...extra,
  };
}

export function exPayload(status: string, updated_at: string, extra: Partial<ExecutionPayload> = {}): ExecutionPayload {
  return {
    id: "e1111111-1111-4111-8111-111111111111",
    strategy_id: STRATEGY_ID,
    operation_id: OP_ID,
    trader_id: "t2222222-2222-4222-8222-222222222222",
    participant_code: "ABC123",
    account_label: STRATEGY_ID,
    status,
    status_reason: "",
    instructions: [],
    created_at: "2026-11-20T09:15:01Z",
    updated_at,
    ...extra,
  };
}

/** Deterministic seeded permutation (mulberry32 + Fisher–Yates). */
export function seededShuffle<T>(xs: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

// --- PipAI --------------------------------------------------------------------------------------

export const PIPAI_RECEIVED = Date.UTC(2026, 10, 20, 10);

/** A PipAI event of strategy strat_1. */
export const pipaiEv = (id: string, type: string, created_at: string, data: Record<string, unknown>, receivedMs = PIPAI_RECEIVED): PipaiLifecycleEvent => ({
  notificationId: id,
  receivedAt: new Date(receivedMs),
  payload: { id, type, created_at, data: { strategy_id: "strat_1", ...data } },
});

const times = ["2026-11-20T08:00:00.000Z", "2026-11-20T08:01:00.000Z", "2026-11-20T08:01:00.000Z", "2026-11-20T08:02:00.000Z", "bad"];
const TYPES = ["strategy.created", "strategy.deployed", "strategy.paused", "strategy.stopped", "strategy.error", "strategy.position_opened", "strategy.position_closed", "strategy.order_filled", "strategy.something_new"];
const anyEvent = fc.record({
  type: fc.constantFrom(...TYPES),
  at: fc.constantFrom(...times),
  pos: fc.constantFrom("p1", "p2"),
  pnl: fc.constantFrom("1.5", "-2.25", "0"),
  capital: fc.constantFrom("100", "2500.50"),
  received: fc.integer({ min: 0, max: 100_000 }),
});
/** Sets of PipAI events of strategy strat_1 (unique ids) over few times, two positions and every type. */
export const pipaiEventSets = fc
  .uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 3 }), anyEvent), { selector: ([id]) => id, minLength: 1, maxLength: 14 })
  .map((xs) =>
    xs.map(([id, e]) =>
      pipaiEv(id, e.type, e.at, {
        name: `n-${e.capital}`,
        capital: e.capital,
        leverage: 2,
        deployed_at: e.at,
        error_code: "E",
        message: id,
        position_id: e.pos,
        symbol: "ETHUSDT",
        side: "long",
        entry_price: "10",
        exit_price: "11",
        qty: "1",
        exit_qty: "1",
        pnl: e.pnl,
        opened_at: e.at,
        closed_at: e.at,
        order_id: `o-${e.pos}`,
        price: e.capital,
        filled_at: e.at,
      }, PIPAI_RECEIVED + e.received),
    ),
  );

