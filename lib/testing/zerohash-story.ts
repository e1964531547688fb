// A complete signed zerohash lifecycle (one enrollment, two participants) for tests, e2e and bench.
import { randomUUID } from "node:crypto";

export type StoryEvent = { payloadType: string; notificationId: string; body: string };

const OP = "trade_strategy.operation.status_changed";
const EX = "trade_strategy.execution.status_changed";
const TR = "trade_strategy.trader.created";

export function zerohashStory(opts: { start?: Date } = {}) {
  const start = (opts.start ?? new Date("2026-11-20T09:15:00Z")).getTime();
  const t = (s: number) => new Date(start + s * 1000).toISOString().replace(".000Z", "Z");
  const ids = { operation: randomUUID(), strategy: randomUUID(), request: randomUUID(), ex1: randomUUID(), ex2: randomUUID(), trader: randomUUID() };
  const allocations = [
    { underlying_currency: "BTC", weight: "0.6" },
    { underlying_currency: "ETH", weight: "0.4" },
  ];
  const op = (status: string, s: number, reason = "") =>
    JSON.stringify({ id: ids.operation, strategy_id: ids.strategy, request_id: ids.request, type: "enrollment", status, status_reason: reason, allocations, created_at: t(0), updated_at: t(s) });
  const instr = (cur: string, amount: string, price: string, qty: string, executed: boolean) => ({
    underlying_currency: cur, quoted_currency: "USD", side: "buy", amount, amount_type: "notional",
    status: executed ? "executed" : "pending", status_reason: "", price: executed ? price : "", quantity: executed ? qty : "",
    total_notional: executed ? amount : "", trade_ids: executed ? [randomUUID()] : [], executed_at: executed ? t(4) : "",
  });
  const ex1 = (status: string, s: number) =>
    JSON.stringify({
      id: ids.ex1, strategy_id: ids.strategy, operation_id: ids.operation, trader_id: status === "settled" ? ids.trader : "",
      participant_code: "CUST01", account_label: status === "settled" ? ids.strategy : "", status, status_reason: "",
      instructions: [instr("BTC", "600.00", "96250.00", "0.00623377", status === "settled"), instr("ETH", "400.00", "3500.00", "0.11428571", status === "settled")],
      created_at: t(2), updated_at: t(s),
    });
  const ex2 = JSON.stringify({
    id: ids.ex2, strategy_id: ids.strategy, operation_id: ids.operation, trader_id: "", participant_code: "CUST02",
    status: "rejected", status_reason: "participant_not_approved", instructions: [], created_at: t(2), updated_at: t(3),
  });
  const trader = JSON.stringify({ id: ids.trader, strategy_id: ids.strategy, participant_code: "CUST01", account_label: ids.strategy, auto_rebalance: true, created_at: t(5), updated_at: t(5) });
  const events: StoryEvent[] = [
    { payloadType: OP, notificationId: randomUUID(), body: op("validating", 0) },
    { payloadType: OP, notificationId: randomUUID(), body: op("pricing", 1) },
    { payloadType: EX, notificationId: randomUUID(), body: ex1("awaiting_execution", 2) },
    { payloadType: EX, notificationId: randomUUID(), body: ex2 },
    { payloadType: OP, notificationId: randomUUID(), body: op("settling", 3) },
    { payloadType: EX, notificationId: randomUUID(), body: ex1("settled", 5) },
    { payloadType: TR, notificationId: randomUUID(), body: trader },
    { payloadType: OP, notificationId: randomUUID(), body: op("settled", 6, "partial_success") },
  ];
  return { ids, events };
}

/** Deterministic shuffle (mulberry32) so a failing order can be replayed from its seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
