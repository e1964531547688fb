// Hostile and broken input on the intake route handlers, on both databases (issue 12 "Bad input and
// faults", issue 9 replay rule): each case is answered 4xx, or stored, the same way on SQLite and
// PostgreSQL, and every request leaves an inbound row that says what was answered.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { pipaiBody } from "@/lib/providers/pipai/fixtures";
import { pipaiHeaders, zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";

const ZH = "zh_bad_input_secret";
const PIPAI = "pipai_bad_input_secret";
const ctl = vi.hoisted(() => ({ failEnqueue: false }));

vi.mock("@/lib/server/relay/outbox", async (importOriginal) => {
  const m = await importOriginal<typeof import("@/lib/server/relay/outbox")>();
  return {
    ...m,
    enqueueDelivery: function* (...args: Parameters<typeof m.enqueueDelivery>) {
      if (ctl.failEnqueue) throw new Error("simulated storage failure");
      return yield* m.enqueueDelivery(...args);
    },
  };
});

type Handler = (req: Request) => Promise<Response>;
let zerohash: { POST: Handler; GET: Handler };
let pipai: { POST: Handler };
let db: Awaited<ReturnType<typeof import("@/lib/db").getDb>>;

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = ZH;
  process.env.PIPAI_WEBHOOK_SECRETS = PIPAI;
  process.env.WEBHOOK_TOLERANCE_SECONDS = "300";
  (await import("@/lib/env")).resetEnvCache();
  zerohash = await import("@/app/api/webhooks/zerohash/route");
  pipai = await import("@/app/api/webhooks/pipai/route");
  db = await (await import("@/lib/db")).getDb();
});

const zhUrl = "http://localhost/api/webhooks/zerohash";
const pipaiUrl = "http://localhost/api/webhooks/pipai";

function sendZh(ev: { payloadType: string; notificationId: string; body: string }, headers: Record<string, string> = {}, timestampMs?: number) {
  const h = { ...zerohashHeaders({ ...ev, secret: ZH, timestampMs }), ...headers };
  return zerohash.POST(new Request(zhUrl, { method: "POST", headers: h, body: ev.body }));
}

function sendPipai(body: string, over: Partial<Parameters<typeof pipaiHeaders>[0]> = {}) {
  return pipai.POST(new Request(pipaiUrl, { method: "POST", headers: pipaiHeaders({ body, secret: PIPAI, ...over }), body }));
}

const pipaiId = () => `evt_${randomUUID().replace(/-/g, "").slice(0, 10)}`;

/** The inbound row the answer names (every answer but a 503 names one). */
async function rowOf(res: Response) {
  const body = (await res.json()) as { id?: string; error?: string };
  expect(body.id, `answer ${res.status} ${body.error ?? ""} names no inbound row`).toBeTruthy();
  return db.inboundRequest.findUniqueOrThrow({ where: { id: body.id! } });
}

describe("zerohash replayed signatures", () => {
  it("the same signed request under another notification id is refused (401, logged); the same id stays a duplicate", async () => {
    const ev = zerohashStory({ start: new Date() }).events[0]!;
    const ts = Date.now();
    const first = await sendZh(ev, {}, ts);
    expect(first.status).toBe(200);

    const again = await sendZh(ev, {}, ts);
    expect(again.status).toBe(200);
    expect((await rowOf(again)).outcome).toBe("duplicate");

    const replayId = randomUUID();
    const replay = await sendZh(ev, { "x-zh-hook-notification-id": replayId }, ts);
    expect(replay.status).toBe(401);
    const row = await rowOf(replay);
    expect(row).toMatchObject({ outcome: "rejected", httpStatus: 401, reason: "replayed signature", externalId: replayId, rawBody: ev.body });
    expect(await db.event.count({ where: { externalId: replayId } })).toBe(0);
    expect(await db.event.count({ where: { externalId: ev.notificationId } })).toBe(1);
  });

  it("the same signed request under the same notification id but another payload type is refused", async () => {
    const ev = zerohashStory({ start: new Date() }).events[0]!;
    const ts = Date.now();
    expect((await sendZh(ev, {}, ts)).status).toBe(200);
    // a type zerohash sends but Hookscope does not model: the body passes as it is
    const res = await sendZh(ev, { "x-zh-hook-payload-type": "participant_updated" }, ts);
    expect(res.status).toBe(401);
    expect(await rowOf(res)).toMatchObject({ outcome: "rejected", reason: "replayed signature" });
  });

  it("a fresh signature over the same body (a new timestamp) is a new request, not a replay", async () => {
    const ev = zerohashStory({ start: new Date() }).events[0]!;
    const ts = Date.now();
    expect((await sendZh(ev, {}, ts)).status).toBe(200);
    const res = await sendZh({ ...ev, notificationId: randomUUID() }, {}, ts + 1);
    expect(res.status).toBe(200);
  });

  it("two replays racing the original: one event stored, the others refused or duplicates", async () => {
    const ev = zerohashStory({ start: new Date() }).events[0]!;
    const ts = Date.now();
    const ids = [ev.notificationId, randomUUID(), randomUUID()];
    const answers = await Promise.all(ids.map((id) => sendZh({ ...ev, notificationId: id }, {}, ts)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 401, 401]);
    expect(await db.event.count({ where: { externalId: { in: ids } } })).toBe(1);
  });
});

describe("NUL characters and unpaired surrogates (PostgreSQL text refuses U+0000)", () => {
  const nul = "\u0000";

  for (const field of ["status", "status_reason", "strategy_id"] as const) {
    it(`zerohash ${field} holding U+0000 is a 400 naming the field, logged with the body`, async () => {
      const ev = zerohashStory({ start: new Date() }).events[0]!;
      const body = JSON.stringify({ ...JSON.parse(ev.body), [field]: `settled${nul}x` });
      expect(body).toContain("\\u0000");
      const res = await sendZh({ ...ev, body });
      expect(res.status).toBe(400);
      const row = await rowOf(res);
      expect(row.reason).toContain(field);
      expect(row.reason).toMatch(/U\+0000/);
      expect(row.rawBody).toBe(body);
    });
  }

  it("zerohash id holding an unpaired surrogate is a 400", async () => {
    const ev = zerohashStory({ start: new Date() }).events[0]!;
    const body = ev.body.replace(/"id":"[^"]+"/, '"id":"op-\\ud800"');
    const res = await sendZh({ ...ev, body });
    expect(res.status).toBe(400);
    expect((await rowOf(res)).reason).toMatch(/(^|\W)id: /);
  });

  it("PipAI data.strategy_id holding U+0000 is a 400 naming the field (modelled and unmodelled types)", async () => {
    for (const type of ["strategy.paused", "strategy.something_new"]) {
      const id = pipaiId();
      const res = await sendPipai(pipaiBody(id, type, new Date().toISOString(), { strategy_id: `s${nul}1`, status: "paused" }));
      expect(res.status).toBe(400);
      expect((await rowOf(res)).reason).toContain("data.strategy_id");
    }
  });

  it("PipAI free text (a name, an error message) holding U+0000 is accepted and kept escaped, identically on both databases", async () => {
    const strategy = `strat_${randomUUID().slice(0, 8)}`;
    const created = await sendPipai(pipaiBody(pipaiId(), "strategy.created", new Date().toISOString(), { strategy_id: strategy, name: `a${nul}b`, status: "draft" }));
    expect(created.status).toBe(200);
    const id = pipaiId();
    const body = pipaiBody(id, "strategy.error", new Date().toISOString(), { strategy_id: strategy, error_code: "E_HALT", message: `broke${nul}here \ud83d\ude00 \udc00` });
    const res = await sendPipai(body);
    expect(res.status).toBe(200);
    const event = await db.event.findFirstOrThrow({ where: { externalId: id } });
    // the raw body is stored exactly as received
    expect(event.payload).toBe(body);
    const s = await db.strategy.findUniqueOrThrow({ where: { id: strategy } });
    expect(s.lastErrorMessage).toBe("broke\\u0000here \ud83d\ude00 \\udc00");
    expect(s.name).toBe("a\\u0000b");
  });
});

describe("oversized identifiers (PostgreSQL cannot index values over ~2.7 KB)", () => {
  const huge = "n".repeat(2800);

  it("an unsigned request with a 2.8 KB notification id: 400, logged with the id clipped", async () => {
    const res = await zerohash.POST(
      new Request(zhUrl, { method: "POST", headers: { "content-type": "application/json", "x-zh-hook-notification-id": huge, "x-zh-hook-payload-type": "x" }, body: "{}" }),
    );
    expect(res.status).toBe(400);
    const row = await rowOf(res);
    expect(row.reason).toMatch(/2800 characters long \(at most 200\)/);
    expect(row.externalId!.length).toBeLessThanOrEqual(200);
    expect(row.externalId!.startsWith("nnnn")).toBe(true);
  });

  it("a 2.8 KB X-PipAI-Event-Id or delivery id: 400, logged", async () => {
    const id = pipaiId();
    const body = pipaiBody(id, "strategy.paused", new Date().toISOString(), { strategy_id: "strat_1", status: "paused" });
    for (const over of [{ eventId: huge }, { deliveryId: huge }]) {
      const res = await sendPipai(body, over);
      expect(res.status).toBe(400);
      expect((await rowOf(res)).reason).toMatch(/at most 200/);
    }
  });

  it("a signed body whose id is 2.8 KB: 400 naming the field", async () => {
    const ev = zerohashStory({ start: new Date() }).events[0]!;
    const body = JSON.stringify({ ...JSON.parse(ev.body), strategy_id: huge });
    const res = await sendZh({ ...ev, body });
    expect(res.status).toBe(400);
    expect((await rowOf(res)).reason).toMatch(/strategy_id: longer than 200 characters/);

    const id = "evt_" + "a".repeat(2800);
    const p = await sendPipai(pipaiBody(id, "strategy.paused", new Date().toISOString(), { strategy_id: "strat_1", status: "paused" }), { eventId: "evt_short", deliveryId: "dlv_short" });
    expect(p.status).toBe(400);
    expect((await rowOf(p)).reason).toMatch(/id: longer than 200 characters/);
  });

  it("a PipAI integer wider than the 32-bit column: 400 on both databases", async () => {
    const res = await sendPipai(pipaiBody(pipaiId(), "strategy.deployed", new Date().toISOString(), { strategy_id: "strat_big", name: "n", capital: "1", leverage: 2 ** 40, deployed_at: new Date().toISOString() }));
    expect(res.status).toBe(400);
    expect((await rowOf(res)).reason).toMatch(/data\.leverage/);
  });
});

describe("wrong methods on the route handlers", () => {
  it("GET on a webhook endpoint is a 405 with Allow: POST, logged", async () => {
    const res = await zerohash.GET(new Request(zhUrl, { method: "GET", headers: { "x-zh-hook-notification-id": "probe-1" } }));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(await rowOf(res)).toMatchObject({ provider: "zerohash", outcome: "rejected", httpStatus: 405, reason: "method GET not allowed; use POST", externalId: "probe-1" });
  });
});

describe("storage failures", () => {
  it("a row with outcome error records the 503 that was sent", async () => {
    const ev = zerohashStory({ start: new Date() }).events[0]!;
    ctl.failEnqueue = true;
    try {
      const res = await sendZh(ev);
      expect(res.status).toBe(503);
    } finally {
      ctl.failEnqueue = false;
    }
    const row = await db.inboundRequest.findFirstOrThrow({ where: { externalId: ev.notificationId } });
    expect(row).toMatchObject({ outcome: "error", httpStatus: 503 });
    // the provider's retry goes through
    expect((await sendZh(ev)).status).toBe(200);
  });
});
