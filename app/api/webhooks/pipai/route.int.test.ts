import { beforeAll, describe, expect, it, vi } from "vitest";
import { PIPAI_SAMPLE_DATA, pipaiBody } from "@/lib/providers/pipai/fixtures";
import { pipaiHeaders } from "@/lib/testing/sign";
import { pipaiStory, shuffledStory, type PipaiStoryEvent } from "@/lib/testing/pipai-story";

const SUB_A = "wh_a11111";
const SUB_B = "wh_b22222";
const A_NEW = "pipai_a_secret_new";
const A_OLD = "pipai_a_secret_old";
const B = "pipai_b_secret";
const BARE = "pipai_bare_secret";

const ctl = vi.hoisted(() => ({ failProjection: false }));

vi.mock("@/lib/server/projection/pipai", async (importOriginal) => {
  const m = await importOriginal<typeof import("@/lib/server/projection/pipai")>();
  return {
    ...m,
    // fails after the projection has written its rows: the rollback must take those too
    projectPipai: function* (...args: Parameters<typeof m.projectPipai>) {
      yield* m.projectPipai(...args);
      if (ctl.failProjection) throw new Error("simulated projection failure");
    },
  };
});

let POST: (req: Request) => Promise<Response>;
let db: Awaited<ReturnType<typeof import("@/lib/db").getDb>>;

beforeAll(async () => {
  process.env.PIPAI_WEBHOOK_SECRETS = `${SUB_A}=${A_NEW},${SUB_A}=${A_OLD},${SUB_B}=${B},${BARE}`;
  process.env.WEBHOOK_TOLERANCE_SECONDS = "300";
  ({ POST } = await import("./route"));
  db = await (await import("@/lib/db")).getDb();
});

type Over = Parameters<typeof pipaiHeaders>[0];
function send(ev: PipaiStoryEvent, opts: Partial<Over> = {}, extra: Record<string, string> = {}) {
  const headers = { ...pipaiHeaders({ body: ev.body, secret: A_NEW, webhookId: SUB_A, ...opts }), ...extra };
  return POST(new Request("http://localhost/api/webhooks/pipai", { method: "POST", headers, body: ev.body }));
}
const one = (type: string, data: Record<string, unknown>): PipaiStoryEvent => {
  const id = `evt_${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`;
  return { id, type, body: pipaiBody(id, type, new Date().toISOString(), data) };
};

describe("POST /api/webhooks/pipai", () => {
  it("accepts a signed event, projects it and logs the delivery with its attempt", async () => {
    const { ids, events } = pipaiStory();
    const res = await send(events[0]!, { deliveryId: "dlv_1", attempt: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true });
    const s = await db.strategy.findUniqueOrThrow({ where: { id: ids.strategy } });
    expect(s).toMatchObject({ provider: "pipai", status: "draft", eventCount: 1 });
    const inbound = await db.inboundRequest.findFirstOrThrow({ where: { externalId: events[0]!.id } });
    expect(inbound).toMatchObject({ provider: "pipai", outcome: "accepted", payloadType: "strategy.created", deliveryId: "dlv_1", deliveryAttempt: 1 });
    expect(JSON.parse(inbound.headers)["x-pipai-signature"]).toBe("[redacted]");
  });

  it("uses each subscription's own secrets; old and new secret both verify during rotation", async () => {
    const ev = () => pipaiStory().events[0]!;
    expect((await send(ev(), { secret: A_OLD })).status).toBe(200);
    expect((await send(ev(), { secret: A_NEW })).status).toBe(200);
    expect((await send(ev(), { secret: B, webhookId: SUB_B })).status).toBe(200);
    const crossed = ev();
    const res = await send(crossed, { secret: B, webhookId: SUB_A });
    expect(res.status).toBe(401);
    expect((await db.inboundRequest.findFirstOrThrow({ where: { externalId: crossed.id } })).reason).toBe("invalid signature");
  });

  it("a bare secret verifies for any subscription, including one not listed", async () => {
    expect((await send(pipaiStory().events[0]!, { secret: BARE, webhookId: SUB_B })).status).toBe(200);
    expect((await send(pipaiStory().events[0]!, { secret: BARE, webhookId: "wh_unlisted" })).status).toBe(200);
  });

  it("unknown subscription → 401 with that reason (when no bare secret would apply)", async () => {
    const { resetEnvCache } = await import("@/lib/env");
    process.env.PIPAI_WEBHOOK_SECRETS = `${SUB_A}=${A_NEW}`;
    resetEnvCache();
    try {
      const ev = pipaiStory().events[0]!;
      const res = await send(ev, { secret: A_NEW, webhookId: "wh_zzz999" });
      expect(res.status).toBe(401);
      expect((await res.json()).error).toBe('unknown subscription "wh_zzz999"');
      const row = await db.inboundRequest.findFirstOrThrow({ where: { externalId: ev.id } });
      expect(row).toMatchObject({ outcome: "rejected", httpStatus: 401, reason: 'unknown subscription "wh_zzz999"' });
      expect(row.headers).not.toContain(A_NEW);
    } finally {
      process.env.PIPAI_WEBHOOK_SECRETS = `${SUB_A}=${A_NEW},${SUB_A}=${A_OLD},${SUB_B}=${B},${BARE}`;
      resetEnvCache();
    }
  });

  it("a stale timestamp (milliseconds) → 401, logged, nothing stored", async () => {
    const ev = pipaiStory().events[0]!;
    const res = await send(ev, { timestampMs: Date.now() - 301_000 });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatch(/window/);
    expect(await db.event.count({ where: { externalId: ev.id } })).toBe(0);
    expect((await send(ev, { timestampMs: Date.now() - 200_000 })).status).toBe(200);
  });

  it("headers that disagree with the body → 400, logged with the reason, nothing stored", async () => {
    const ev = pipaiStory().events[1]!;
    const r1 = await send(ev, { eventId: "evt_0000000000" });
    expect(r1.status).toBe(400);
    expect((await r1.json()).error).toMatch(/X-PipAI-Event-Id "evt_0000000000" ≠ body id/);
    const r2 = await send(ev, { eventType: "strategy.stopped" });
    expect(r2.status).toBe(400);
    const rows = await db.inboundRequest.findMany({ where: { OR: [{ externalId: "evt_0000000000" }, { externalId: ev.id }] } });
    expect(rows.map((r) => [r.outcome, r.httpStatus])).toEqual([["rejected", 400], ["rejected", 400]]);
    expect(rows.every((r) => r.rawBody === ev.body && /headers disagree/.test(r.reason ?? ""))).toBe(true);
    expect(await db.event.count({ where: { externalId: ev.id } })).toBe(0);
  });

  it("a redelivery answers 2xx, changes nothing, and its attempt number is recorded", async () => {
    const { ids, events } = pipaiStory();
    await send(events[0]!, { deliveryId: "dlv_x", attempt: 1 });
    const before = await db.strategy.findUniqueOrThrow({ where: { id: ids.strategy } });
    const res = await send(events[0]!, { deliveryId: "dlv_x", attempt: 3 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true, duplicate: true });
    expect(await db.strategy.findUniqueOrThrow({ where: { id: ids.strategy } })).toEqual(before);
    expect(await db.event.count({ where: { externalId: events[0]!.id } })).toBe(1);
    const rows = await db.inboundRequest.findMany({ where: { externalId: events[0]!.id }, orderBy: { deliveryAttempt: "asc" } });
    expect(rows.map((r) => [r.outcome, r.deliveryId, r.deliveryAttempt])).toEqual([["accepted", "dlv_x", 1], ["duplicate", "dlv_x", 3]]);
  });

  it("rebuilds the same strategy whatever the arrival order, with duplicates", async () => {
    for (const seed of [3, 11, 2026]) {
      const { ids, events } = pipaiStory();
      for (const ev of shuffledStory([...events, events[3]!, events[5]!], seed)) expect((await send(ev)).status).toBe(200);
      const s = await db.strategy.findUniqueOrThrow({ where: { id: ids.strategy } });
      expect(s).toMatchObject({ status: "stopped", capital: "10000.00", leverage: 2, realizedPnl: "82.2", openPositions: 1, closedPositions: 1, fillCount: 2, eventCount: 9, anomalyCount: 0 });
      const p = await db.position.findUniqueOrThrow({ where: { id: ids.position } });
      expect(p).toMatchObject({ status: "closed", entryPrice: "3120.00", exitPrice: "3051.50", pnl: "82.20", side: "short", leverage: 2 });
      expect(await db.fill.count({ where: { strategyId: ids.strategy } })).toBe(2);
    }
  });

  it("a row stored before aggregates is rebuilt from its events once, then kept up one event at a time", async () => {
    const { ids, events } = pipaiStory();
    for (const ev of events.slice(0, 4)) expect((await send(ev)).status).toBe(200);
    // as a row written before the aggregate column (its counts wrong on purpose: the rebuild must not add to them)
    await db.strategy.update({ where: { id: ids.strategy }, data: { aggregate: null, eventCount: 0, fillCount: 0 } });
    for (const ev of events.slice(4)) expect((await send(ev)).status).toBe(200);
    const s = await db.strategy.findUniqueOrThrow({ where: { id: ids.strategy } });
    expect(s).toMatchObject({ status: "stopped", capital: "10000.00", realizedPnl: "82.2", openPositions: 1, closedPositions: 1, fillCount: 2, eventCount: 9, anomalyCount: 0 });
    expect(JSON.parse(s.aggregate!)).toMatchObject({ v: 1, state: { event_count: 9 }, life: { status: "stopped" } });
  });

  it("projects backtests and account alerts, and stores webhook.test and unknown types raw", async () => {
    const done = one("backtest.job_done", PIPAI_SAMPLE_DATA["backtest.job_done"]);
    const failed = one("backtest.job_failed", PIPAI_SAMPLE_DATA["backtest.job_failed"]);
    const low = one("account.balance_low", PIPAI_SAMPLE_DATA["account.balance_low"]);
    const rotated = one("account.api_key_rotated", PIPAI_SAMPLE_DATA["account.api_key_rotated"]);
    const test = one("webhook.test", { hello: "dummy" });
    const unknown = one("strategy.rebalanced", { strategy_id: "strat_unknown1", weights: [1] });
    for (const ev of [done, failed, low, rotated, test, unknown]) expect((await send(ev)).status).toBe(200);
    expect(await db.backtest.findUniqueOrThrow({ where: { id: "bt_5c1e07" } })).toMatchObject({ status: "done", sharpe: "1.92", totalTrades: 143 });
    expect(await db.backtest.findUniqueOrThrow({ where: { id: "bt_5c1e08" } })).toMatchObject({ status: "failed", errorCode: "insufficient_history" });
    expect(await db.accountAlert.findUniqueOrThrow({ where: { id: low.id } })).toMatchObject({ kind: "balance_low", balance: "412.50", threshold: "500.00" });
    expect(await db.accountAlert.findUniqueOrThrow({ where: { id: rotated.id } })).toMatchObject({ kind: "api_key_rotated", keyId: "key_8f2a" });
    expect(await db.event.findFirstOrThrow({ where: { externalId: test.id } })).toMatchObject({ type: "webhook.test", strategyId: null, payload: test.body });
    expect(await db.strategy.findUniqueOrThrow({ where: { id: "strat_unknown1" } })).toMatchObject({ status: "unknown", eventCount: 1 });
  });

  it("a signed body failing its schema → 400 naming the field", async () => {
    const ev = one("strategy.position_opened", { ...PIPAI_SAMPLE_DATA["strategy.position_opened"], entry_price: 3120 });
    const res = await send(ev);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/data\.entry_price/);
  });

  it("answers 413 for a body over 1 MiB without storing it", async () => {
    const ev = one("webhook.test", { pad: "x".repeat(1024 * 1024) });
    const res = await send(ev);
    expect(res.status).toBe(413);
    const row = await db.inboundRequest.findFirstOrThrow({ where: { externalId: ev.id } });
    expect(row).toMatchObject({ outcome: "rejected", rawBody: "" });
  });

  it("commits event and projection together: a failed projection leaves nothing and a retry succeeds", async () => {
    const { ids, events } = pipaiStory();
    ctl.failProjection = true;
    const res = await send(events[0]!, { attempt: 1 });
    ctl.failProjection = false;
    expect(res.status).toBe(503);
    expect(await db.event.count({ where: { externalId: events[0]!.id } })).toBe(0);
    expect(await db.strategy.findUnique({ where: { id: ids.strategy } })).toBeNull();
    expect((await db.inboundRequest.findFirstOrThrow({ where: { externalId: events[0]!.id } })).outcome).toBe("error");
    const retry = await send(events[0]!, { attempt: 2 });
    expect(retry.status).toBe(200);
    expect((await retry.json()).duplicate).toBeUndefined();
    expect((await db.strategy.findUniqueOrThrow({ where: { id: ids.strategy } })).status).toBe("draft");
  });

  it("projects concurrent deliveries for one strategy without losing any", async () => {
    const { ids, events } = pipaiStory();
    const results = await Promise.all(events.map((e) => send(e)));
    expect(results.map((r) => r.status)).toEqual(events.map(() => 200));
    const s = await db.strategy.findUniqueOrThrow({ where: { id: ids.strategy } });
    expect(s).toMatchObject({ status: "stopped", eventCount: events.length, closedPositions: 1, openPositions: 1, fillCount: 2, realizedPnl: "82.2" });
    expect(await db.position.count({ where: { strategyId: ids.strategy } })).toBe(2);
  });
});
