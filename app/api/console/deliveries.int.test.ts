// The console's delivery tabs: status=failing, per-tab counts, and bulk retry by selection.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { uuidv7 } from "@/lib/ids";
import { consoleJson } from "@/lib/testing/wire";

const KEY = "hs_deliveries_tabs_key";
type H = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
let list: H, counts: H, bulk: H, detail: H, webhooks: H;

const params = { params: Promise.resolve({}) };
const get = async (h: H, path: string, id?: string) => {
  const req = new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${KEY}` } });
  return consoleJson(req, await h(req, id ? { params: Promise.resolve({ id }) } : params));
};
const post = async (body: unknown, query = "", contentType = "application/json") => {
  const req = new Request(`http://localhost/api/console/deliveries/retry${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return consoleJson(req, await bulk(req, params));
};

const T0 = Date.now() - 3_600_000;
type Seed = { status: string; scheduleAttempts?: number; isTest?: boolean; operationId?: string | null; event?: { subjectType: string; subjectId: string } };
const made: Record<string, string[]> = {};

async function seed(name: string, n: number, s: Seed) {
  const db = await getDb();
  made[name] = [];
  for (let i = 0; i < n; i++) {
    const id = uuidv7(T0 + Object.keys(made).length * 1000 + i);
    let eventId: string | null = null;
    if (s.event) {
      eventId = uuidv7(T0 + i);
      await db.event.create({ data: { id: eventId, provider: "zerohash", externalId: `ext-${id}`, type: "x", subjectType: s.event.subjectType, subjectId: s.event.subjectId, operationId: s.operationId ?? null, payload: "{}" } });
    }
    await db.delivery.create({
      data: {
        id,
        eventId,
        webhookId: id,
        eventType: `tabs.${name}`,
        source: "zerohash",
        isTest: s.isTest ?? false,
        operationId: s.operationId ?? null,
        payload: "{}",
        status: s.status,
        attempts: s.scheduleAttempts ?? 0,
        scheduleAttempts: s.scheduleAttempts ?? 0,
        nextAttemptAt: s.status === "pending" ? new Date(Date.now() + 540_000) : null,
        createdAt: new Date(T0 + i),
      },
    });
    made[name].push(id);
  }
}

beforeAll(async () => {
  process.env.HOOKSCOPE_API_KEYS = KEY;
  list = (await import("./deliveries/route")).GET as H;
  counts = (await import("./deliveries/counts/route")).GET as H;
  bulk = (await import("./deliveries/retry/route")).POST as H;
  detail = (await import("./deliveries/[id]/route")).GET as H;
  webhooks = (await import("../webhooks/route")).GET as H;
  await seed("queued", 2, { status: "pending" });
  await seed("failing", 3, { status: "pending", scheduleAttempts: 4 });
  await seed("delivered", 4, { status: "delivered", scheduleAttempts: 1 });
  await seed("failed", 5, { status: "failed", scheduleAttempts: 10 });
  await seed("test", 1, { status: "failed", scheduleAttempts: 1, isTest: true });
  await seed("execution", 1, { status: "pending", scheduleAttempts: 1, operationId: "op-tabs-1", event: { subjectType: "execution", subjectId: "ex-tabs-1" } });
});

describe("status=failing", () => {
  it("lists pending deliveries with failed attempts under failing, and only never-tried ones under pending", async () => {
    const failing = await get(list, "/api/console/deliveries?status=failing&limit=200");
    expect(failing.status).toBe(200);
    expect(failing.body.items.map((d: { id: string }) => d.id).sort()).toEqual([...made.failing!, ...made.execution!].sort());
    expect(failing.body.items[0]).toMatchObject({ status: "pending", console_status: "failing", max_attempts: 10 });
    const pending = await get(list, "/api/console/deliveries?status=pending&limit=200");
    expect(pending.body.items.map((d: { id: string }) => d.id).sort()).toEqual([...made.queued!].sort());
    expect(pending.body.items.every((d: { console_status: string; schedule_attempts: number }) => d.console_status === "pending" && d.schedule_attempts === 0)).toBe(true);
  });

  it("leaves the spec §3 list's statuses as they were: failing is refused there, pending includes failing", async () => {
    expect(await get(webhooks, "/api/webhooks?status=failing")).toEqual({ status: 400, body: { success: false, error: "Invalid status filter" } });
    const pending = await get(webhooks, "/api/webhooks?status=pending&limit=100");
    expect(pending.body.pagination.total).toBe(2 + 3 + 1);
    expect(Object.keys(pending.body.events[0]).sort()).toEqual(["attempts", "callback_url", "created_at", "delivered_at", "event_type", "id", "last_error", "response_status", "status"]);
  });

  it("refuses unknown statuses and hostile filter values on the console list", async () => {
    expect((await get(list, "/api/console/deliveries?status=gone")).status).toBe(400);
    expect((await get(list, `/api/console/deliveries?event_type=${"x".repeat(129)}`)).status).toBe(400);
  });
});

describe("GET /api/console/deliveries/counts", () => {
  it("counts each tab over the other filters and ignores the status and page parameters", async () => {
    const all = await get(counts, "/api/console/deliveries/counts?status=failed&cursor=abc&limit=3");
    expect(all).toEqual({ status: 200, body: { counts: { all: 16, failing: 4, pending: 2, delivered: 4, failed: 6 }, capped: false, cap: 10_000 } });
    const real = await get(counts, "/api/console/deliveries/counts?kind=real");
    expect(real.body.counts).toEqual({ all: 15, failing: 4, pending: 2, delivered: 4, failed: 5 });
    const op = await get(counts, "/api/console/deliveries/counts?operation_id=op-tabs-1");
    expect(op.body.counts).toEqual({ all: 1, failing: 1, pending: 0, delivered: 0, failed: 0 });
    const type = await get(counts, "/api/console/deliveries/counts?event_type=tabs.failing");
    expect(type.body.counts.failing).toBe(3);
  });

  it("refuses unknown parameters and hostile values", async () => {
    expect((await get(counts, "/api/console/deliveries/counts?nope=1")).status).toBe(400);
    expect((await get(counts, "/api/console/deliveries/counts?kind=both")).status).toBe(400);
    expect((await get(counts, `/api/console/deliveries/counts?operation_id=${"a".repeat(129)}`)).status).toBe(400);
    expect((await get(counts, "/api/console/deliveries/counts?operation_id=a%00b")).status).toBe(400);
    expect((await get(list, "/api/console/deliveries?event_type=a%00b")).status).toBe(400);
    expect((await post({ status: "failed", strategy_id: "a\u0000b" })).status).toBe(400);
  });

  it("needs credentials", async () => {
    const res = await counts(new Request("http://localhost/api/console/deliveries/counts"), params);
    expect(res.status).toBe(401);
  });
});

describe("subjects", () => {
  it("names the entity a delivery belongs to: the event's execution, else the operation", async () => {
    const page = await get(list, "/api/console/deliveries?operation_id=op-tabs-1");
    expect(page.body.items[0].subject).toEqual({ kind: "execution", id: "ex-tabs-1" });
    const one = await get(detail, `/api/console/deliveries/${made.execution![0]}`, made.execution![0]);
    expect(one.body.subject).toEqual({ kind: "execution", id: "ex-tabs-1" });
    expect(one.body.delivery).toMatchObject({ console_status: "failing", schedule_attempts: 1, operation_id: "op-tabs-1" });
    const plain = await get(list, "/api/console/deliveries?event_type=tabs.queued");
    expect(plain.body.items[0].subject).toBeNull();
  });
});

describe("POST /api/console/deliveries/retry with ids", () => {
  it("counts a selection without changing it on a dry run, then retries it and audits the ids count", async () => {
    const db = await getDb();
    const ids = [made.failed![0]!, made.failed![1]!, made.failing![0]!, made.test![0]!, "no-such-delivery", made.failed![0]!];
    expect(await post({ ids, dry_run: true })).toEqual({ status: 200, body: { success: true, matching: 3 } });
    expect((await db.delivery.findUniqueOrThrow({ where: { id: made.failed![0]! } })).status).toBe("failed");
    const before = Date.now();
    expect(await post({ ids })).toEqual({ status: 200, body: { success: true, retried: 3 } });
    const rows = await db.delivery.findMany({ where: { id: { in: ids } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(made.failed![0]!)).toMatchObject({ status: "pending", scheduleAttempts: 0 });
    // a failing one keeps its schedule and is sent now
    expect(byId.get(made.failing![0]!)).toMatchObject({ status: "pending", scheduleAttempts: 4 });
    expect(byId.get(made.failing![0]!)!.nextAttemptAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(byId.get(made.failing![0]!)!.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(byId.get(made.test![0]!)).toMatchObject({ status: "failed" });
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "delivery.retry_bulk" }, orderBy: { at: "desc" } });
    expect(JSON.parse(entry.detail!)).toEqual({ ids_count: 5, count: 3 });
  });

  it("sends failing ones now when the filter is status=failing", async () => {
    const dry = await post({ status: "failing", event_type: "tabs.failing", dry_run: true });
    expect(dry).toEqual({ status: 200, body: { success: true, matching: 3 } });
    expect(await post({ status: "failing", event_type: "tabs.failing" })).toEqual({ status: 200, body: { success: true, retried: 3 } });
    const db = await getDb();
    const rows = await db.delivery.findMany({ where: { eventType: "tabs.failing" } });
    expect(rows.every((r) => r.status === "pending" && r.scheduleAttempts === 4 && r.nextAttemptAt!.getTime() <= Date.now())).toBe(true);
  });

  it("refuses hostile selections: too many, not strings, NUL bytes, oversized, empty, extra keys, ids with filters", async () => {
    const bad = async (body: unknown, query = "") => {
      const r = await post(body, query);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.body.success).toBe(false);
      return r.body.error as string;
    };
    expect(await bad({ ids: Array.from({ length: 501 }, (_, i) => `id-${i}`) })).toMatch(/at most 500 ids/);
    await bad({ ids: [1, 2] });
    await bad({ ids: [null] });
    await bad({ ids: "abc" });
    await bad({ ids: {} });
    expect(await bad({ ids: ["a\u0000b"] })).toMatch(/NUL/);
    await bad({ ids: ["x".repeat(129)] });
    await bad({ ids: [] });
    await bad({ ids: [""] });
    await bad({ ids: ["a"], status: "failed" });
    await bad({ ids: ["a"], dry_run: "yes" });
    expect(await bad({ ids: ["a"] }, "?status=failed")).toMatch(/either ids or filters/);
    await bad({ status: "failed", dry_run: 1 });
    await bad("{not json");
    await bad("[1,2]");
    const db = await getDb();
    expect((await db.delivery.findMany({ where: { id: { in: made.delivered! } } })).every((r) => r.status === "delivered")).toBe(true);
  });

  it("accepts exactly 500 ids", async () => {
    const ids = [...Array.from({ length: 499 }, (_, i) => `missing-${i}`), made.delivered![0]!];
    expect(await post({ ids })).toEqual({ status: 200, body: { success: true, retried: 1 } });
  });

  it("refuses a non-JSON content type and other methods' credentials as the guard does", async () => {
    const res = await bulk(new Request("http://localhost/api/console/deliveries/retry", { method: "POST", body: JSON.stringify({ ids: ["a"] }), headers: { "content-type": "text/plain" } }), params);
    expect(res.status).toBe(401);
  });
});
