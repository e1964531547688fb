// The simulator's traffic, as a pure generator: realistic zerohash and PipAI stories, signed the
// way the providers sign, with a chosen share of duplicates, dropped events, bad signatures and
// stale timestamps, and optionally out of order. Seeded, so a run can be replayed. The CLI
// (lib/cli/simulate.ts) only sends what this yields.
import { randomUUID } from "node:crypto";
import { pipaiStory } from "@/lib/testing/pipai-story";
import { pipaiHeaders, zerohashHeaders } from "@/lib/testing/sign";
import { shuffled, zerohashStory, type StoryEvent } from "@/lib/testing/zerohash-story";

export type Provider = "zerohash" | "pipai";

/** What a request was made to be; the server's answer says what it became. A dropped event is
 * yielded too (never to be sent), so the sender can count what the receiver should miss. */
export type Kind = "valid" | "duplicate" | "bad-signature" | "stale" | "dropped";

export type SimRequest = { provider: Provider; path: string; kind: Kind; eventId: string; headers: Record<string, string>; body: string };

export type TrafficOptions = {
  zerohashSecret?: string;
  pipai?: { webhookId: string; secret: string };
  /** Shares, each 0..1, drawn per event. */
  duplicates: number;
  drop: number;
  badSignatures: number;
  stale: number;
  /** Shuffle each story's events (state must not depend on arrival order). */
  outOfOrder: boolean;
  seed: number;
  /** The server's replay window: stale timestamps lie beyond it. */
  toleranceSeconds: number;
  now?: () => number;
};

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OP = "trade_strategy.operation.status_changed";
const EX = "trade_strategy.execution.status_changed";
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/**
 * One zerohash strategy's life: the enrollment (one trader created, one participant rejected,
 * settled with partial_success), then a top-up and a partial sell for the trader; sometimes an
 * operation that stops in pricing and stays stuck.
 */
export function zerohashStrategyStory(start: Date, random: () => number): StoryEvent[] {
  const enrollment = zerohashStory({ start });
  const { strategy, trader } = enrollment.ids;
  const events = [...enrollment.events];
  const followUp = (type: "top_up" | "partial_sell", offsetS: number, stuck: boolean) => {
    const t = (s: number) => iso(start.getTime() + (offsetS + s) * 1000);
    const id = randomUUID();
    const allocations = [
      { underlying_currency: "BTC", weight: "0.6" },
      { underlying_currency: "ETH", weight: "0.4" },
    ];
    const op = (status: string, s: number) =>
      JSON.stringify({ id, strategy_id: strategy, request_id: randomUUID(), type, status, status_reason: "", allocations, created_at: t(0), updated_at: t(s) });
    events.push({ payloadType: OP, notificationId: randomUUID(), body: op("validating", 0) }, { payloadType: OP, notificationId: randomUUID(), body: op("pricing", 1) });
    if (stuck) return;
    const sell = type === "partial_sell";
    const leg = (cur: string, amount: string, price: string, qty: string) => ({
      underlying_currency: cur, quoted_currency: "USD", side: sell ? "sell" : "buy", amount, amount_type: sell ? "quantity" : "notional",
      status: "executed", status_reason: "", price, quantity: qty, total_notional: sell ? (Number(qty) * Number(price)).toFixed(2) : amount,
      trade_ids: [randomUUID()], executed_at: t(3),
    });
    const instructions = sell
      ? [leg("BTC", "0.00200000", "97010.00", "0.00200000"), leg("ETH", "0.05000000", "3525.00", "0.05000000")]
      : [leg("BTC", "150.00", "96800.00", "0.00154959"), leg("ETH", "100.00", "3510.00", "0.02849003")];
    const ex = (status: string, s: number) =>
      JSON.stringify({ id: exId, strategy_id: strategy, operation_id: id, trader_id: trader, participant_code: "CUST01", account_label: strategy, status, status_reason: "", instructions: status === "settled" ? instructions : [], created_at: t(2), updated_at: t(s) });
    const exId = randomUUID();
    events.push(
      { payloadType: EX, notificationId: randomUUID(), body: ex("awaiting_execution", 2) },
      { payloadType: OP, notificationId: randomUUID(), body: op("settling", 3) },
      { payloadType: EX, notificationId: randomUUID(), body: ex("settled", 4) },
      { payloadType: OP, notificationId: randomUUID(), body: op("settled", 5) },
    );
  };
  followUp("top_up", 600, false);
  followUp("partial_sell", 1200, false);
  if (random() < 0.3) followUp("top_up", 1800, true);
  return events;
}

type PipaiEvent = { id: string; type: string; body: string };

/** A PipAI strategy story (fills, positions, pause, stop) plus a backtest and sometimes an alert. */
export function pipaiStrategyStory(start: Date, random: () => number): PipaiEvent[] {
  const story = pipaiStory({ start });
  const extra = (type: string, s: number, data: Record<string, unknown>): PipaiEvent => {
    const id = `evt_${randomUUID().replace(/-/g, "").slice(0, 10)}`;
    return { id, type, body: JSON.stringify({ id, type, created_at: new Date(start.getTime() + s * 1000).toISOString(), data }) };
  };
  const job = `bt_${randomUUID().slice(0, 8)}`;
  const events = [...story.events];
  events.push(
    random() < 0.75
      ? extra("backtest.job_done", 30, { job_id: job, metrics: { total_return: "0.1834", sharpe: "1.42", max_drawdown: "-0.0921", win_rate: "0.57", total_trades: 214, profit_factor: "1.61" } })
      : extra("backtest.job_failed", 30, { job_id: job, error_code: "insufficient_history", message: "not enough candles for the requested window" }),
  );
  if (random() < 0.3) events.push(extra("account.balance_low", 5500, { asset: "USDT", balance: "412.50", threshold: "500.00" }));
  return events;
}

/** Endless traffic: one story after another, alternating between the providers configured. */
export function* traffic(o: TrafficOptions): Generator<SimRequest> {
  const providers: Provider[] = [...(o.zerohashSecret ? (["zerohash"] as const) : []), ...(o.pipai ? (["pipai"] as const) : [])];
  if (providers.length === 0) throw new Error("no provider secret configured");
  const random = rng(o.seed);
  const now = o.now ?? Date.now;
  const staleMs = (o.toleranceSeconds + 120) * 1000;
  /** Redeliveries waiting their turn: how many story events still go before each. */
  const pending: { after: number; make: () => SimRequest }[] = [];

  const zerohash = (ev: StoryEvent, kind: Kind): SimRequest => {
    const secret = kind === "bad-signature" ? `${o.zerohashSecret}_not_it` : o.zerohashSecret!;
    const headers = zerohashHeaders({ ...ev, secret, timestampMs: kind === "stale" ? now() - staleMs : now() });
    return { provider: "zerohash", path: "/api/webhooks/zerohash", kind, eventId: ev.notificationId, headers, body: ev.body };
  };
  const pipai = (ev: PipaiEvent, kind: Kind, attempt: number): SimRequest => {
    const p = o.pipai!;
    const secret = kind === "bad-signature" ? `${p.secret}_not_it` : p.secret;
    const headers = pipaiHeaders({ body: ev.body, secret, webhookId: p.webhookId, attempt, timestampMs: kind === "stale" ? now() - staleMs : now() });
    return { provider: "pipai", path: "/api/webhooks/pipai", kind, eventId: ev.id, headers, body: ev.body };
  };

  for (let story = 0; ; story++) {
    const provider = providers[story % providers.length]!;
    const start = new Date(now() - 7200_000);
    const make: (() => (kind: Kind, attempt: number) => SimRequest)[] =
      provider === "zerohash"
        ? zerohashStrategyStory(start, random).map((ev) => () => (kind) => zerohash(ev, kind))
        : pipaiStrategyStory(start, random).map((ev) => () => (kind, attempt) => pipai(ev, kind, attempt));
    const order = o.outOfOrder ? shuffled(make, Math.floor(random() * 2 ** 32)) : make;
    for (const m of order) {
      const send = m();
      if (random() < o.drop) {
        yield send("dropped", 1);
        continue;
      }
      const r = random();
      const kind: Kind = r < o.badSignatures ? "bad-signature" : r < o.badSignatures + o.stale ? "stale" : "valid";
      for (const p of pending) p.after--;
      for (const due of pending.filter((p) => p.after <= 0)) {
        pending.splice(pending.indexOf(due), 1);
        yield due.make();
      }
      yield send(kind, 1);
      // a redelivery of what was just sent, a few requests later (as a provider retrying would)
      if (kind === "valid" && random() < o.duplicates) pending.push({ after: 1 + Math.floor(random() * 5), make: () => send("duplicate", 2) });
    }
  }
}
