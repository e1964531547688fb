import { beforeAll, describe, expect, it } from "vitest";
import { PIPAI_SAMPLE_DATA, pipaiBody } from "@/lib/providers/pipai/fixtures";
import { pipaiHeaders, zerohashHeaders } from "@/lib/testing/sign";
import { pipaiStory, shuffledStory } from "@/lib/testing/pipai-story";
import { zerohashStory } from "@/lib/testing/zerohash-story";
import { consoleJson } from "@/lib/testing/wire";

const PIPAI = "pipai_console_secret";
const ZH = "zh_console_secret";
type Ctx = { params: Promise<{ id: string }> };
type Get = (r: Request, c: never) => Promise<Response>;
let r: { pipai: (r: Request) => Promise<Response>; zerohash: (r: Request) => Promise<Response>; strategies: Get; strategy: (r: Request, c: Ctx) => Promise<Response>; events: Get; backtests: Get; alerts: Get; inbound: Get };

const story = pipaiStory({ start: new Date(Date.now() - 7_200_000), name: "Alpha Grid" });
const other = pipaiStory({ start: new Date(Date.now() - 3_600_000), name: "Beta Trend" });
const zh = zerohashStory({ start: new Date() });

const postPipai = (body: string, opts: Partial<Parameters<typeof pipaiHeaders>[0]> = {}) =>
  r.pipai(new Request("http://x/api/webhooks/pipai", { method: "POST", headers: pipaiHeaders({ body, secret: PIPAI, ...opts }), body }));

beforeAll(async () => {
  process.env.PIPAI_WEBHOOK_SECRETS = PIPAI;
  process.env.ZEROHASH_WEBHOOK_SECRETS = ZH;
  process.env.HOOKSCOPE_API_KEYS = "hs_strategies_test_key";
  r = {
    pipai: (await import("@/app/api/webhooks/pipai/route")).POST,
    zerohash: (await import("@/app/api/webhooks/zerohash/route")).POST,
    strategies: (await import("./strategies/route")).GET as Get,
    strategy: (await import("./strategies/[id]/route")).GET,
    events: (await import("./events/route")).GET as Get,
    backtests: (await import("./backtests/route")).GET as Get,
    alerts: (await import("./alerts/route")).GET as Get,
    inbound: (await import("./inbound/route")).GET as Get,
  };
  for (const ev of shuffledStory(story.events, 5)) expect((await postPipai(ev.body, { deliveryId: `dlv_${ev.id}`, attempt: 1 })).status).toBe(200);
  // one redelivery, attempt 2
  expect((await postPipai(story.events[0]!.body, { deliveryId: `dlv_${story.events[0]!.id}`, attempt: 2 })).status).toBe(200);
  for (const ev of other.events.slice(0, 3)) expect((await postPipai(ev.body)).status).toBe(200);
  for (const ev of zh.events) {
    expect((await r.zerohash(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret: ZH }), body: ev.body }))).status).toBe(200);
  }
  const t = new Date().toISOString();
  for (const [id, type] of [["evt_bt00000001", "backtest.job_done"], ["evt_bt00000002", "backtest.job_failed"], ["evt_ac00000001", "account.balance_low"], ["evt_ac00000002", "account.api_key_rotated"]] as const) {
    expect((await postPipai(pipaiBody(id, type, t, PIPAI_SAMPLE_DATA[type]))).status).toBe(200);
  }
});

const get = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: "Bearer hs_strategies_test_key" } });
/** The answer's status and body; a 2xx body is parsed with its route's schema. */
const call = async <C,>(h: (r: Request, c: C) => Promise<Response>, req: Request, c: C) => consoleJson(req, await h(req, c));

describe("GET /api/console/strategies", () => {
  it("lists both providers, newest first, filterable by provider, status and name", async () => {
    const all = await call(r.strategies, get("/api/console/strategies"), undefined as never);
    expect(all.status).toBe(200);
    expect(all.body.items.map((s: { provider: string }) => s.provider).sort()).toEqual(["pipai", "pipai", "zerohash"]);
    const pipai = await call(r.strategies, get("/api/console/strategies?provider=pipai&status=stopped"), undefined as never);
    expect(pipai.body.items).toEqual([expect.objectContaining({ id: story.ids.strategy, name: "Alpha Grid", status: "stopped", realized_pnl: "82.2", open_positions: 1, closed_positions: 1, event_count: 9 })]);
    const byName = await call(r.strategies, get("/api/console/strategies?q=beta%20TREND"), undefined as never);
    expect(byName.body.items.map((s: { id: string }) => s.id)).toEqual([other.ids.strategy]);
    const zhOnly = await call(r.strategies, get("/api/console/strategies?provider=zerohash"), undefined as never);
    expect(zhOnly.body.items).toEqual([expect.objectContaining({ id: zh.ids.strategy, status: "active", name: null })]);
  });

  it("paginates with a cursor and rejects bad filters clearly", async () => {
    const p1 = await call(r.strategies, get("/api/console/strategies?limit=2"), undefined as never);
    expect(p1.body.items).toHaveLength(2);
    const p2 = await call(r.strategies, get(`/api/console/strategies?limit=2&cursor=${p1.body.next_cursor}`), undefined as never);
    expect(p2.body.items).toHaveLength(1);
    expect(p2.body.next_cursor).toBeNull();
    const bad = await call(r.strategies, get("/api/console/strategies?provider=binance"), undefined as never);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("bad_request");
    expect(bad.body.error.message).toMatch(/provider/);
  });
});

describe("GET /api/console/strategies/{id}", () => {
  it("returns the strategy with transitions, positions, fills, errors and raw events with deliveries", async () => {
    const { status, body } = await call(r.strategy, get(`/api/console/strategies/${story.ids.strategy}`), { params: Promise.resolve({ id: story.ids.strategy }) });
    expect(status).toBe(200);
    expect(body.strategy).toMatchObject({ id: story.ids.strategy, status: "stopped", capital: "10000.00" });
    expect(body.transitions.map((t: { status: string }) => t.status)).toEqual(["draft", "deployed", "paused", "stopped"]);
    expect(body.positions.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([[story.ids.position, "closed"], [story.ids.position2, "open"]]);
    expect(body.pnl).toEqual({ realized: "82.2", closed_positions: 1, open_positions: 1 });
    expect(body.fills).toHaveLength(2);
    expect(body.orders).toEqual([expect.objectContaining({ order_id: story.ids.order, fill_count: 2, filled_qty: "1.2", partial: true })]);
    expect(body.errors).toEqual([]);
    expect(body.events).toHaveLength(9);
    const created = body.events.find((e: { external_id: string }) => e.external_id === story.events[0]!.id);
    expect(created.deliveries.map((d: { attempt: number; outcome: string }) => [d.attempt, d.outcome])).toEqual([[1, "accepted"], [2, "duplicate"]]);
    expect(created.next_retry).toMatchObject({ kind: "scheduled", attempt: 3 });
    expect(Date.parse(created.next_retry.at) - Date.parse(created.deliveries[1].received_at)).toBe(5_000);
  });

  it("404 with a clear body for an unknown strategy", async () => {
    const { status, body } = await call(r.strategy, get("/api/console/strategies/strat_nope"), { params: Promise.resolve({ id: "strat_nope" }) });
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: "not_found", message: "strategy strat_nope not found" } });
  });
});

describe("GET /api/console/events", () => {
  it("lists both providers and finds an event by any id", async () => {
    const all = await call(r.events, get("/api/console/events?limit=200"), undefined as never);
    expect(new Set(all.body.items.map((e: { provider: string }) => e.provider))).toEqual(new Set(["pipai", "zerohash"]));
    const byPosition = await call(r.events, get(`/api/console/events?q=${story.ids.position}`), undefined as never);
    expect(byPosition.body.items.map((e: { type: string }) => e.type).sort()).toEqual(["strategy.position_closed", "strategy.position_opened"]);
    const byOrder = await call(r.events, get(`/api/console/events?q=${story.ids.order}`), undefined as never);
    expect(byOrder.body.items).toHaveLength(2);
    const byEvent = await call(r.events, get(`/api/console/events?q=${story.events[0]!.id}`), undefined as never);
    expect(byEvent.body.items).toEqual([expect.objectContaining({ external_id: story.events[0]!.id, subject_type: "strategy", strategy_id: story.ids.strategy })]);
    const byOperation = await call(r.events, get(`/api/console/events?q=${zh.ids.operation}&provider=zerohash`), undefined as never);
    expect(byOperation.body.items.length).toBeGreaterThan(0);
    expect(byOperation.body.items.every((e: { next_retry: unknown }) => e.next_retry === null)).toBe(true);
    const byJob = await call(r.events, get("/api/console/events?q=bt_5c1e07&type=backtest.job_done"), undefined as never);
    expect(byJob.body.items).toHaveLength(1);
  });

  it("filters by time range and rejects a malformed one", async () => {
    const future = await call(r.events, get(`/api/console/events?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`), undefined as never);
    expect(future.body.items).toEqual([]);
    const bad = await call(r.events, get("/api/console/events?from=yesterday"), undefined as never);
    expect(bad.status).toBe(400);
  });
});

describe("backtests and alerts", () => {
  it("lists backtests with metrics or error, and the account alerts feed", async () => {
    const bt = await call(r.backtests, get("/api/console/backtests"), undefined as never);
    expect(bt.body.items.map((b: { id: string; status: string }) => [b.id, b.status]).sort()).toEqual([["bt_5c1e07", "done"], ["bt_5c1e08", "failed"]]);
    expect(bt.body.items.find((b: { id: string }) => b.id === "bt_5c1e07").metrics).toMatchObject({ sharpe: "1.92", total_trades: 143, max_drawdown: "-0.071" });
    const failed = await call(r.backtests, get("/api/console/backtests?status=failed"), undefined as never);
    expect(failed.body.items).toEqual([expect.objectContaining({ error_code: "insufficient_history", metrics: null })]);
    const alerts = await call(r.alerts, get("/api/console/alerts"), undefined as never);
    expect(alerts.body.items.map((a: { kind: string }) => a.kind).sort()).toEqual(["api_key_rotated", "balance_low"]);
    expect(alerts.body.items.find((a: { kind: string }) => a.kind === "balance_low")).toMatchObject({ asset: "USDT", balance: "412.50", threshold: "500.00" });
  });
});

describe("GET /api/console/inbound for PipAI", () => {
  it("shows the delivery id and attempt of each request, with the signature redacted", async () => {
    const { body } = await call(r.inbound, get("/api/console/inbound?provider=pipai&limit=200"), undefined as never);
    const rows = body.items.filter((i: { notification_id: string }) => i.notification_id === story.events[0]!.id);
    expect(rows.map((i: { outcome: string; delivery_attempt: number }) => [i.outcome, i.delivery_attempt]).sort()).toEqual([["accepted", 1], ["duplicate", 2]]);
    expect(rows[0].delivery_id).toBe(`dlv_${story.events[0]!.id}`);
    // headers are in the detail only
    const detail = (await import("./inbound/[id]/route")).GET;
    const { body: one } = await call(detail, get(`/api/console/inbound/${rows[0].id}`), { params: Promise.resolve({ id: rows[0].id }) });
    expect(one.headers["x-pipai-signature"]).toBe("[redacted]");
  });
});
