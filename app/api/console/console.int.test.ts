import { beforeAll, describe, expect, it } from "vitest";
import { zerohashHeaders } from "@/lib/testing/sign";
import { parseConsole } from "@/lib/testing/wire";
import { zerohashStory } from "@/lib/testing/zerohash-story";

const SECRET = "zh_console_test";
const KEY = "hs_test_api_key_1";
type Routes = {
  ingest: (r: Request) => Promise<Response>;
  list: (r: Request, c?: never) => Promise<Response>;
  detail: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response>;
  traders: (r: Request, c?: never) => Promise<Response>;
  inbound: (r: Request, c?: never) => Promise<Response>;
  inboundDetail: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response>;
};
let r: Routes;
const story = zerohashStory({ start: new Date() });

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
  process.env.HOOKSCOPE_API_KEYS = KEY;
  r = {
    ingest: (await import("@/app/api/webhooks/zerohash/route")).POST,
    list: (await import("./operations/route")).GET,
    detail: (await import("./operations/[id]/route")).GET,
    traders: (await import("./traders/route")).GET,
    inbound: (await import("./inbound/route")).GET,
    inboundDetail: (await import("./inbound/[id]/route")).GET,
  };
  for (const ev of story.events) {
    const res = await r.ingest(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret: SECRET }), body: ev.body }));
    expect(res.status).toBe(200);
  }
  // a second, older operation still in pricing
  const other = zerohashStory({ start: new Date(Date.now() - 3_600_000) });
  for (const ev of other.events.slice(0, 2)) {
    await r.ingest(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret: SECRET }), body: ev.body }));
  }
  await r.ingest(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: { ...zerohashHeaders({ ...story.events[0]!, secret: "wrong" }) }, body: story.events[0]!.body }));
});

/** A 2xx answer's body, parsed with its route's schema (lib/testing/wire.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as Response.json()
const read = async <C,>(h: (r: Request, c: C) => Promise<Response>, req: Request, c?: C): Promise<any> => parseConsole(req, await h(req, c as C));
const get = (path: string, auth = true) => new Request(`http://localhost${path}`, { headers: auth ? { authorization: `Bearer ${KEY}` } : {} });

describe("console API", () => {
  it("refuses requests without a key when keys are configured", async () => {
    const res = await r.list(get("/api/console/operations", false));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "unauthorized", message: "Unauthorized" } });
  });

  it("lists operations newest first with filters and a cursor", async () => {
    const all = await read(r.list, get("/api/console/operations?limit=1"));
    expect(all.items).toHaveLength(1);
    expect(all.items[0].id).toBe(story.ids.operation);
    expect(all.next_cursor).toEqual(expect.any(String));
    const next = await read(r.list, get(`/api/console/operations?limit=1&cursor=${all.next_cursor}`));
    expect(next.items).toHaveLength(1);
    expect(next.items[0].status).toBe("pricing");
    expect(next.items[0].stuck).toBe(true);
    expect(next.next_cursor).toBeNull();
    const settled = await read(r.list, get("/api/console/operations?status=settled"));
    expect(settled.items.map((o: { id: string }) => o.id)).toEqual([story.ids.operation]);
    const byStrategy = await read(r.list, get(`/api/console/operations?strategy_id=${story.ids.strategy}`));
    expect(byStrategy.items).toHaveLength(1);
  });

  it("answers 400 with the field named for a bad filter", async () => {
    const res = await r.list(get("/api/console/operations?from=yesterday"));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/^from:/);
  });

  it("returns an operation with transitions, executions with instructions, anomalies and raw events", async () => {
    const body = await read(r.detail, get(`/api/console/operations/${story.ids.operation}`), { params: Promise.resolve({ id: story.ids.operation }) });
    expect(body.operation.status).toBe("settled");
    expect(body.transitions.map((t: { status: string }) => t.status)).toEqual(["validating", "pricing", "settling", "settled"]);
    expect(body.executions.map((e: { participant_code: string; status: string }) => [e.participant_code, e.status])).toEqual([["CUST01", "settled"], ["CUST02", "rejected"]]);
    expect(body.executions[0].instructions[0]).toMatchObject({ underlying_currency: "BTC", amount: "600.00" });
    // 4 operation + 3 execution events; trader.created carries no operation id
    expect(body.events).toHaveLength(7);
    expect(Array.isArray(body.anomalies)).toBe(true);
  });

  it("answers 404 with a clear body for an unknown operation", async () => {
    const res = await r.detail(get("/api/console/operations/nope"), { params: Promise.resolve({ id: "nope" }) });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "operation nope not found" } });
  });

  it("lists traders by strategy", async () => {
    const body = await read(r.traders, get(`/api/console/traders?strategy_id=${story.ids.strategy}`));
    expect(body.items.map((t: { id: string }) => t.id)).toEqual([story.ids.trader]);
    expect(body.items[0].anomalies).toEqual([]);
  });

  it("filters the inbound log to rejections with their reasons", async () => {
    const body = await read(r.inbound, get("/api/console/inbound?outcome=rejected"));
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ outcome: "rejected", http_status: 401, reason: "invalid signature" });
    // headers and body are in the detail only
    expect(body.items[0]).not.toHaveProperty("headers");
    const id = body.items[0].id as string;
    const detail = await read(r.inboundDetail, get(`/api/console/inbound/${id}`), { params: Promise.resolve({ id }) });
    expect(detail.headers["x-zh-hook-signature"]).toBe("[redacted]");
    const bad = await r.inbound(get("/api/console/inbound?outcome=lost"));
    expect(bad.status).toBe(400);
  });
});
