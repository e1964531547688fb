// The overview on both databases: counts by outcome and provider, relay success and latency,
// backlog, provider lag and the attention list, from real intake and relay rows.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { overviewSchema } from "@/lib/schemas/overview";
import { zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";
import { consoleJson } from "@/lib/testing/wire";

const SECRET = "zh_overview_secret";
const KEY = "hs_overview_key";
type H = (r: Request) => Promise<Response>;
let get: H;
const story = zerohashStory({ start: new Date(Date.now() - 60_000) });
const orphan = zerohashStory({ start: new Date(Date.now() - 30_000) });
const call = async (query: string) => {
  const req = new Request(`http://localhost/api/console/overview${query}`, { headers: { authorization: `Bearer ${KEY}` } });
  return consoleJson(req, await get(req));
};

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
  process.env.HOOKSCOPE_API_KEYS = KEY;
  const ingest = (await import("@/app/api/webhooks/zerohash/route")).POST;
  get = (await import("@/app/api/console/overview/route")).GET as H;
  for (const ev of story.events) {
    expect((await ingest(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret: SECRET }), body: ev.body }))).status).toBe(200);
  }
  const ev = story.events[0]!;
  expect((await ingest(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret: SECRET }), body: ev.body }))).status).toBe(200);
  expect((await ingest(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret: "wrong" }), body: ev.body }))).status).toBe(401);
  // an execution of an operation never seen: one open anomaly (operation_missing)
  const gap = orphan.events[2]!;
  expect((await ingest(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...gap, secret: SECRET }), body: gap.body }))).status).toBe(200);
  // one delivery delivered after 1.5 s with one failed attempt before, the rest pending
  const db = await getDb();
  const d = await db.delivery.findFirstOrThrow({ orderBy: { createdAt: "asc" } });
  const now = new Date();
  await db.delivery.update({ where: { id: d.id }, data: { status: "delivered", attempts: 2, createdAt: new Date(now.getTime() - 1500), deliveredAt: now } });
  for (const [number, outcome] of [[1, "retry"], [2, "delivered"]] as const) {
    await db.deliveryAttempt.create({ data: { deliveryId: d.id, number, startedAt: now, durationMs: 5, url: "https://ops.example/hooks", requestHeaders: "{}", requestBody: "{}", outcome } });
  }
});

describe("GET /api/console/overview", () => {
  it("answers the schema with what the database holds", async () => {
    const r = await call("?range=1h");
    expect(r.status).toBe(200);
    const o = overviewSchema.parse(r.body);
    const sum = (k: "accepted" | "duplicate" | "rejected") => o.inbound.buckets.reduce((n, b) => n + b[k], 0);
    expect(sum("accepted")).toBe(story.events.length + 1);
    expect(sum("duplicate")).toBe(1);
    expect(sum("rejected")).toBe(1);
    expect(o.inbound.by_provider).toContainEqual({ provider: "zerohash", outcome: "accepted", count: story.events.length + 1 });
    expect(o.relay).toMatchObject({ attempts: 2, delivered_attempts: 1, success_rate: 0.5, latency_ms: { p50: 1500, p95: 1500, samples: 1 } });
    expect(o.backlog.pending).toBe(story.events.length); // the story less the delivered one, plus the orphan execution
    expect(o.backlog.oldest_pending_at).not.toBeNull();
    expect(o.provider_lag_ms.map((l) => l.provider)).toEqual(["zerohash"]);
    expect(o.attention.destination.state).toBe("no_callback");
    expect(o.attention.rejections).toEqual([expect.objectContaining({ count: 1 })]);
    expect(o.attention.open_anomalies).toEqual({ total: 1, by_rule: [{ rule: "operation_missing", count: 1 }] });
  });

  it("defaults to 24 h, refuses other ranges, needs credentials", async () => {
    expect((await call("")).body.range).toBe("24h");
    expect((await call("?range=30d")).status).toBe(400);
    expect((await get(new Request("http://localhost/api/console/overview"))).status).toBe(401);
  });
});
