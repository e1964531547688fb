// The §3 delivery API contract: shapes, status codes and every error string.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { deadUrl, startReceiver } from "@/lib/testing/receiver";
import { zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";
import { consoleJson } from "@/lib/testing/wire";

const SECRET = "zh_relay_api_test";
const KEY = "hs_relay_env_key";
type H = (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response>;
const r = {} as Record<
  "me" | "mePatch" | "secret" | "rotate" | "list" | "test" | "retry" | "bulk" | "cList" | "cDetail" | "cSettings" | "cSettingsPatch" | "cKeys" | "cKeyCreate" | "cRevoke" | "ingest",
  H
>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const story = zerohashStory({ start: new Date(Date.now() - 600_000) });

const ctx = (id = "") => ({ params: Promise.resolve({ id }) });
const req = (path: string, init: { method?: string; body?: unknown; key?: string | null; sameOrigin?: boolean } = {}) => {
  const headers: Record<string, string> = {};
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? KEY}`;
  if (init.sameOrigin) headers["sec-fetch-site"] = "same-origin";
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return new Request(`http://localhost${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body) });
};
/** Status and body; a console 2xx body is parsed with its route's schema (the §3 API keeps its own tests). */
const call = async (h: H, path: string, init?: Parameters<typeof req>[1], id?: string) => {
  const rq = req(path, init);
  const res = await h(rq, ctx(id));
  return path.startsWith("/api/console/") ? consoleJson(rq, res) : { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
  process.env.HOOKSCOPE_API_KEYS = KEY;
  const me = await import("./me/route");
  r.me = me.GET;
  r.mePatch = me.PATCH;
  r.secret = (await import("./me/signing-secret/route")).GET;
  r.rotate = (await import("./me/signing-secret/rotate/route")).POST;
  r.list = (await import("./webhooks/route")).GET;
  r.test = (await import("./webhooks/test/route")).POST;
  r.retry = (await import("./console/deliveries/[id]/retry/route")).POST;
  r.bulk = (await import("./console/deliveries/retry/route")).POST;
  r.cList = (await import("./console/deliveries/route")).GET;
  r.cDetail = (await import("./console/deliveries/[id]/route")).GET;
  const settings = await import("./console/settings/route");
  r.cSettings = settings.GET;
  r.cSettingsPatch = settings.PATCH;
  const keys = await import("./console/settings/api-keys/route");
  r.cKeys = keys.GET;
  r.cKeyCreate = keys.POST;
  r.cRevoke = (await import("./console/settings/api-keys/[id]/revoke/route")).POST;
  r.ingest = (await import("./webhooks/zerohash/route")).POST;
  receiver = await startReceiver();
  for (const ev of story.events) {
    const res = await r.ingest(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret: SECRET }), body: ev.body }), ctx());
    expect(res.status).toBe(200);
  }
});
afterAll(async () => receiver.close());

describe("auth", () => {
  it("answers 401 with the exact body without a key, with a wrong key, and for a forged Sec-Fetch-Site: same-origin", async () => {
    const unauthorized = { status: 401, body: { success: false, error: "Unauthorized" } };
    for (const [h, path, method] of [[r.me, "/api/me", "GET"], [r.mePatch, "/api/me", "PATCH"], [r.secret, "/api/me/signing-secret", "GET"], [r.rotate, "/api/me/signing-secret/rotate", "POST"], [r.list, "/api/webhooks", "GET"], [r.test, "/api/webhooks/test", "POST"]] as const) {
      expect(await call(h, path, { method, key: null })).toEqual(unauthorized);
      expect(await call(h, path, { method, key: "wrong" })).toEqual(unauthorized);
      expect(await call(h, path, { method, key: null, sameOrigin: true })).toEqual(unauthorized);
    }
    for (const [h, path, method] of [[r.cSettings, "/api/console/settings", "GET"], [r.cKeyCreate, "/api/console/settings/api-keys", "POST"], [r.bulk, "/api/console/deliveries/retry", "POST"]] as const) {
      expect(await call(h, path, { method, key: null, sameOrigin: true })).toEqual(unauthorized);
    }
    expect(await call(r.bulk, "/api/console/deliveries/retry", { method: "POST", key: null })).toEqual(unauthorized);
    expect(await call(r.retry, "/api/console/deliveries/x/retry", { method: "POST", key: "wrong" }, "x")).toEqual(unauthorized);
  });

  it("accepts keys created in the console until they are revoked; the plaintext is shown once", async () => {
    const created = await call(r.cKeyCreate, "/api/console/settings/api-keys", { method: "POST", body: { name: "ops script", role: "viewer" } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ success: true, key: expect.stringMatching(/^hsk_/), api_key: { name: "ops script", revoked_at: null } });
    const key = created.body.key as string;
    expect(created.body.api_key.prefix).toBe(key.slice(0, 12));
    expect((await call(r.me, "/api/me", { key })).status).toBe(200);
    const listed = await call(r.cKeys, "/api/console/settings/api-keys", {});
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body.api_keys[0]).toMatchObject({ id: created.body.api_key.id, last_used_at: expect.any(String) });
    const revoked = await call(r.cRevoke, "/x", { method: "POST" }, created.body.api_key.id);
    expect(revoked.body.api_key.revoked_at).toEqual(expect.any(String));
    expect(await call(r.me, "/api/me", { key })).toEqual({ status: 401, body: { success: false, error: "Unauthorized" } });
    expect(await call(r.cKeyCreate, "/x", { method: "POST", body: { name: "" } })).toEqual({ status: 400, body: { success: false, error: "name must be 1 to 100 characters" } });
    expect(await call(r.cRevoke, "/x", { method: "POST" }, "nope")).toEqual({ status: 404, body: { success: false, error: "API key not found" } });
  });

  it("refuses console reads without credentials", async () => {
    const res = await r.cList(req("/api/console/deliveries", { key: null }), ctx());
    expect(res.status).toBe(401);
  });
});

describe("GET/PATCH /api/me", () => {
  it("starts empty, updates, validates and removes", async () => {
    expect(await call(r.me, "/api/me")).toEqual({ status: 200, body: { success: true, callback_url: null, description: "", paused: false, updated_at: null } });
    const bad = (body: unknown, error: string) => call(r.mePatch, "/api/me", { method: "PATCH", body }).then((x) => expect(x).toEqual({ status: 400, body: { success: false, error } }));
    await bad({}, "At least one field must be provided");
    await bad({ name: "x" }, "At least one field must be provided");
    await bad({ paused: true }, "At least one field must be provided"); // pausing is a console action
    await bad({ callback_url: "ftp://ops.example/hooks" }, "callback_url must be an absolute http(s) URL or null");
    await bad({ callback_url: "/hooks" }, "callback_url must be an absolute http(s) URL or null");
    await bad({ callback_url: 42 }, "callback_url must be an absolute http(s) URL or null");
    await bad({ callback_url: "https://ops:s3cret@ops.example/hooks" }, "callback_url must not contain credentials (user:password@)");
    await bad({ description: "x".repeat(501) }, "description must be at most 500 characters");
    await bad({ description: 5 }, "description must be a string");
    await bad("{not json", "Request body must be valid JSON");
    await bad([1], "Request body must be a JSON object");
    const ok = await call(r.mePatch, "/api/me", { method: "PATCH", body: { callback_url: "https://ops.example/hooks", description: "x".repeat(500) } });
    expect(ok).toMatchObject({ status: 200, body: { success: true, callback_url: "https://ops.example/hooks", description: "x".repeat(500), paused: false } });
    const cleared = await call(r.mePatch, "/api/me", { method: "PATCH", body: { callback_url: null } });
    expect(cleared.body).toMatchObject({ callback_url: null, description: "x".repeat(500) });
  });
});

describe("signing secret", () => {
  it("is whsec_, stable until rotated; after rotation both secrets verify deliveries", async () => {
    const a = await call(r.secret, "/api/me/signing-secret");
    expect(a).toEqual({ status: 200, body: { success: true, signing_secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) } });
    expect((await call(r.secret, "/api/me/signing-secret")).body.signing_secret).toBe(a.body.signing_secret);
    const settings = await call(r.cSettings, "/api/console/settings", {});
    expect(JSON.stringify(settings.body)).not.toContain(a.body.signing_secret.slice(10, -4));
    const rotated = await call(r.rotate, "/api/me/signing-secret/rotate", { method: "POST" });
    expect(rotated.body).toMatchObject({ success: true, signing_secret: expect.stringMatching(/^whsec_/), previous_secret_expires_at: expect.any(String) });
    expect(rotated.body.signing_secret).not.toBe(a.body.signing_secret);
    expect(new Date(rotated.body.previous_secret_expires_at).getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    expect((await call(r.secret, "/api/me/signing-secret")).body.signing_secret).toBe(rotated.body.signing_secret);

    await call(r.mePatch, "/api/me", { method: "PATCH", body: { callback_url: receiver.url } });
    receiver.hits.length = 0;
    const sent = await call(r.test, "/api/webhooks/test", { method: "POST" });
    expect(sent.body.success).toBe(true);
    const hit = receiver.hits[0]!;
    expect(hit.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(a.body.signing_secret).verify(hit.body, hit.headers)).toMatchObject({ type: "webhook.test" });
    expect(new Webhook(rotated.body.signing_secret).verify(hit.body, hit.headers)).toMatchObject({ type: "webhook.test" });
  });
});

describe("POST /api/webhooks/test", () => {
  it("400 without a callback_url", async () => {
    await call(r.mePatch, "/api/me", { method: "PATCH", body: { callback_url: null } });
    expect(await call(r.test, "/api/webhooks/test", { method: "POST" })).toEqual({ status: 400, body: { success: false, error: "No callback_url configured" } });
  });

  it("sends a signed webhook.test, answers status and time, and logs it as a test delivery", async () => {
    await call(r.mePatch, "/api/me", { method: "PATCH", body: { callback_url: receiver.url } });
    receiver.hits.length = 0;
    receiver.setHandler(() => ({ status: 200 }));
    const res = await call(r.test, "/api/webhooks/test", { method: "POST" });
    expect(res).toEqual({ status: 200, body: { success: true, callback_url: receiver.url, status_code: 200, response_time_ms: expect.any(Number), delivery_id: expect.any(String) } });
    expect(receiver.hits).toHaveLength(1);
    const body = JSON.parse(receiver.hits[0]!.body);
    expect(body).toMatchObject({ id: receiver.hits[0]!.headers["webhook-id"], type: "webhook.test", source: "hookscope", created_at: expect.any(String), data: expect.any(Object) });
    const detail = await call(r.cDetail, "/x", {}, res.body.delivery_id);
    expect(detail.body.delivery).toMatchObject({ is_test: true, status: "delivered", attempts: 1, event_type: "webhook.test" });
    expect(detail.body.attempts).toHaveLength(1);
    expect(detail.body.attempts[0]).toMatchObject({ number: 1, response_status: 200, outcome: "delivered" });
  });

  it("reports a non-2xx answer and a transport failure as success false", async () => {
    receiver.setHandler(() => ({ status: 401, body: "bad signature" }));
    const res = await call(r.test, "/api/webhooks/test", { method: "POST" });
    expect(res.body).toEqual({ success: false, callback_url: receiver.url, status_code: 401, error: "HTTP 401", response_time_ms: expect.any(Number), delivery_id: expect.any(String) });
    const dead = await deadUrl();
    await call(r.mePatch, "/api/me", { method: "PATCH", body: { callback_url: dead } });
    const down = await call(r.test, "/api/webhooks/test", { method: "POST" });
    expect(down.status).toBe(200);
    expect(down.body).toEqual({ success: false, callback_url: dead, error: expect.stringMatching(/ECONNREFUSED/), response_time_ms: expect.any(Number), delivery_id: expect.any(String) });
    // test deliveries are one-shot
    expect(await call(r.retry, "/x", { method: "POST" }, down.body.delivery_id)).toEqual({ status: 400, body: { success: false, error: "Test deliveries are not retried; send a new test webhook" } });
    await call(r.mePatch, "/api/me", { method: "PATCH", body: { callback_url: receiver.url } });
    receiver.setHandler(() => ({ status: 200 }));
  });
});

describe("GET /api/webhooks", () => {
  it("lists every accepted event's delivery newest first with pagination", async () => {
    const all = await call(r.list, "/api/webhooks?limit=100");
    const real = all.body.events.filter((e: { event_type: string }) => e.event_type !== "webhook.test");
    expect(real).toHaveLength(story.events.length);
    const first = await call(r.list, "/api/webhooks");
    expect(first.body.pagination).toEqual({ total: all.body.pagination.total, limit: 20, offset: 0, has_more: all.body.pagination.total > 20 });
    const page = await call(r.list, "/api/webhooks?limit=2&offset=1");
    expect(page.body.events.map((e: { id: string }) => e.id)).toEqual(all.body.events.slice(1, 3).map((e: { id: string }) => e.id));
    expect(page.body.pagination).toEqual({ total: all.body.pagination.total, limit: 2, offset: 1, has_more: true });
    const last = await call(r.list, `/api/webhooks?limit=2&offset=${all.body.pagination.total - 2}`);
    expect(last.body.pagination.has_more).toBe(false);
    const times = all.body.events.map((e: { created_at: string }) => e.created_at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(Object.keys(real[0]).sort()).toEqual(["attempts", "callback_url", "created_at", "delivered_at", "event_type", "id", "last_error", "response_status", "status"]);
    expect(real[0]).toMatchObject({ status: "pending", attempts: 0, last_error: null, response_status: null, delivered_at: null });
  });

  it("filters by status and event_type", async () => {
    const op = await call(r.list, "/api/webhooks?event_type=trade_strategy.operation.status_changed&limit=100");
    expect(op.body.events).toHaveLength(story.events.filter((e) => e.payloadType === "trade_strategy.operation.status_changed").length);
    const failed = await call(r.list, "/api/webhooks?status=failed&limit=100");
    expect(failed.body.events.every((e: { status: string }) => e.status === "failed")).toBe(true);
    expect(failed.body.events.length).toBeGreaterThan(0);
  });

  it("rejects a bad status or limit with the exact strings", async () => {
    expect(await call(r.list, "/api/webhooks?status=lost")).toEqual({ status: 400, body: { success: false, error: "Invalid status filter" } });
    expect(await call(r.list, "/api/webhooks?status=")).toEqual({ status: 400, body: { success: false, error: "Invalid status filter" } });
    for (const l of ["0", "101", "abc", "-1", "2.5", ""]) {
      expect(await call(r.list, `/api/webhooks?limit=${l}`)).toEqual({ status: 400, body: { success: false, error: "limit must be between 1 and 100" } });
    }
    expect(await call(r.list, "/api/webhooks?offset=-3")).toEqual({ status: 400, body: { success: false, error: "offset must be a non-negative integer" } });
    expect((await call(r.list, "/api/webhooks?limit=1")).body.events).toHaveLength(1);
    expect((await call(r.list, "/api/webhooks?limit=100")).status).toBe(200);
  });
});

describe("console deliveries and retries", () => {
  it("filters by operation, strategy, kind and HTTP status class, with a cursor", async () => {
    const byOp = await call(r.cList, `/api/console/deliveries?operation_id=${story.ids.operation}`);
    expect(byOp.body.items.length).toBeGreaterThan(0);
    expect(byOp.body.items.every((d: { operation_id: string }) => d.operation_id === story.ids.operation)).toBe(true);
    const byStrategy = await call(r.cList, `/api/console/deliveries?strategy_id=${story.ids.strategy}`);
    expect(byStrategy.body.items).toHaveLength(story.events.length);
    const tests = await call(r.cList, "/api/console/deliveries?kind=test");
    expect(tests.body.items.length).toBeGreaterThanOrEqual(3);
    expect(tests.body.items.every((d: { is_test: boolean }) => d.is_test)).toBe(true);
    const c4 = await call(r.cList, "/api/console/deliveries?http_status=4xx");
    expect(c4.body.items.map((d: { response_status: number }) => d.response_status)).toEqual([401]);
    const none = await call(r.cList, "/api/console/deliveries?http_status=none&kind=test");
    expect(none.body.items.map((d: { last_error: string }) => d.last_error)).toEqual([expect.stringMatching(/ECONNREFUSED/)]);
    const p1 = await call(r.cList, "/api/console/deliveries?limit=2");
    const p2 = await call(r.cList, `/api/console/deliveries?limit=2&cursor=${p1.body.next_cursor}`);
    expect(p2.body.items[0].id).not.toBe(p1.body.items[1].id);
    expect((await call(r.cList, "/api/console/deliveries?status=lost")).status).toBe(400);
    expect((await call(r.cList, "/api/console/deliveries?http_status=6xx")).body.error.message).toMatch(/^http_status:/);
  });

  it("shows a delivery with its source event and entity; 404 for an unknown one", async () => {
    const [d] = (await call(r.cList, `/api/console/deliveries?operation_id=${story.ids.operation}&limit=1`)).body.items;
    const detail = await call(r.cDetail, "/x", {}, d.id);
    expect(detail.body.event).toMatchObject({ id: d.event_id, provider: "zerohash" });
    expect(detail.body.entity).toEqual({ kind: "operation", id: story.ids.operation });
    expect(JSON.parse(detail.body.delivery.payload)).toMatchObject({ id: d.event_id, source: "zerohash" });
    expect(await call(r.cDetail, "/x", {}, "nope")).toEqual({ status: 404, body: { error: { code: "not_found", message: "Delivery not found" } } });
    expect(await call(r.retry, "/x", { method: "POST" }, "nope")).toEqual({ status: 404, body: { success: false, error: "Delivery not found" } });
  });

  it("retries one delivery and, in bulk, the failed ones matching the list filters", async () => {
    const db = await getDb();
    const ops = await db.delivery.findMany({ where: { isTest: false, eventType: "trade_strategy.operation.status_changed" }, select: { id: true } });
    await db.delivery.updateMany({ where: { id: { in: ops.map((o) => o.id) } }, data: { status: "failed", attempts: 10, scheduleAttempts: 10, nextAttemptAt: null, failedReason: "Gave up after 10 attempts" } });

    const one = await call(r.retry, "/x", { method: "POST" }, ops[0]!.id);
    expect(one).toMatchObject({ status: 200, body: { success: true, delivery: { id: ops[0]!.id, status: "pending", failed_reason: null, next_attempt_at: expect.any(String) } } });

    expect(await call(r.bulk, "/api/console/deliveries/retry", { method: "POST", body: { status: "pending" } })).toEqual({ status: 400, body: { success: false, error: "Pending deliveries are already queued; retry failing, failed or delivered ones" } });
    expect((await call(r.bulk, "/api/console/deliveries/retry", { method: "POST", body: { nonsense: 1 } })).status).toBe(400);
    const none = await call(r.bulk, "/api/console/deliveries/retry?event_type=trade_strategy.operation.status_changed", { method: "POST", body: { from: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(none.body).toEqual({ success: true, retried: 0 });
    const bulk = await call(r.bulk, "/api/console/deliveries/retry", { method: "POST", body: { status: "failed", event_type: "trade_strategy.operation.status_changed" } });
    expect(bulk).toEqual({ status: 200, body: { success: true, retried: ops.length - 1 } });
    expect(await db.delivery.count({ where: { id: { in: ops.map((o) => o.id) }, status: "pending", scheduleAttempts: 0 } })).toBe(ops.length);
    // test deliveries that failed are left alone
    expect(await db.delivery.count({ where: { isTest: true, status: "failed" } })).toBe(2);
  });
});
