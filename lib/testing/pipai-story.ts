// A complete PipAI strategy story for tests and e2e: created, deployed, a position opened (two
// partial fills) and closed, a second position left open, paused, stopped.
import { randomBytes } from "node:crypto";

export type PipaiStoryEvent = { id: string; type: string; body: string };

const hex = (n: number) => randomBytes(n).toString("hex");

export function pipaiStory(opts: { start?: Date; name?: string } = {}) {
  const start = (opts.start ?? new Date("2026-11-20T08:00:00.000Z")).getTime();
  const t = (s: number) => new Date(start + s * 1000).toISOString();
  const ids = { strategy: `strat_${hex(6)}`, position: `pos_${hex(6)}`, position2: `pos_${hex(6)}`, order: `ord_${hex(6)}` };
  const name = opts.name ?? `ETH mean reversion ${ids.strategy.slice(6)}`;
  const events: PipaiStoryEvent[] = [];
  const add = (type: string, s: number, data: Record<string, unknown>) => {
    const id = `evt_${hex(5)}`;
    events.push({ id, type, body: JSON.stringify({ id, type, created_at: t(s), data: { strategy_id: ids.strategy, ...data } }) });
  };
  const pos = { position_id: ids.position, symbol: "ETHUSDT", side: "short", entry_price: "3120.00", qty: "1.2", leverage: 2, opened_at: t(72.004) };
  add("strategy.created", 0, { name, status: "draft" });
  add("strategy.deployed", 60, { name, capital: "10000.00", leverage: 2, deployed_at: t(60) });
  add("strategy.order_filled", 71, { order_id: ids.order, symbol: "ETHUSDT", side: "sell", type: "limit", price: "3120.00", qty: "0.5", filled_at: t(71.2) });
  add("strategy.order_filled", 72, { order_id: ids.order, symbol: "ETHUSDT", side: "sell", type: "limit", price: "3120.50", qty: "0.7", filled_at: t(71.9) });
  add("strategy.position_opened", 72, pos);
  add("strategy.position_closed", 4798, { ...pos, exit_price: "3051.50", exit_qty: "1.2", pnl: "82.20", closed_at: t(4798.51) });
  add("strategy.position_opened", 4900, { ...pos, position_id: ids.position2, symbol: "BTCUSDT", side: "long", entry_price: "96250.00", qty: "0.01", opened_at: t(4900) });
  add("strategy.paused", 5000, { status: "paused" });
  add("strategy.stopped", 6000, { status: "stopped" });
  return { ids, name, events };
}

/** Deterministic shuffle (mulberry32) so a failing order can be replayed. */
export function shuffledStory<T>(xs: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), a | 1);
    r ^= r + Math.imul(r ^ (r >>> 7), r | 61);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
