// SSRF at save and at send, through the real routes and worker. The only receiver is this
// file's own on 127.0.0.1; refused targets are never connected to.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { startReceiver } from "@/lib/testing/receiver";
import { getDestination } from "./destination";
import { PRIVATE_HINT } from "./egress";
import { relayBody } from "./outbox";
import { createWorker } from "./worker";

const KEY = "hs_egress_env_key";
type H = (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response>;
let db: Db;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let mePatch: H, settingsPatch: H, testSend: H;
const quiet = () => undefined;

function allowPrivate(on: boolean) {
  process.env.HOOKSCOPE_ALLOW_PRIVATE_CALLBACKS = on ? "true" : "false";
  resetEnvCache();
}

const call = async (h: H, path: string, method: string, body?: unknown) => {
  const headers: Record<string, string> = { authorization: `Bearer ${KEY}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await h(new Request(`http://localhost${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), { params: Promise.resolve({ id: "" }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  process.env.HOOKSCOPE_API_KEYS = KEY;
  allowPrivate(true);
  db = await getDb();
  mePatch = (await import("@/app/api/me/route")).PATCH as H;
  settingsPatch = (await import("@/app/api/console/settings/route")).PATCH as H;
  testSend = (await import("@/app/api/webhooks/test/route")).POST as H;
  receiver = await startReceiver();
});
afterAll(async () => {
  allowPrivate(true);
  await receiver.close();
});
beforeEach(async () => {
  allowPrivate(true);
  receiver.hits.length = 0;
  expect(await call(mePatch, "/api/me", "PATCH", { callback_url: receiver.url })).toMatchObject({ status: 200, body: { callback_url: receiver.url } });
});

const loopback = `callback_url resolves to 127.0.0.1, a loopback address; ${PRIVATE_HINT}`;

describe("callback_url at save", () => {
  it("PATCH /api/me and the settings PATCH answer 400 naming the reason, and keep the stored URL", async () => {
    allowPrivate(false);
    const cases: [string, string | RegExp][] = [
      [receiver.url, loopback],
      ["http://2130706433/hooks", loopback],
      ["http://0x7f.1/hooks", loopback],
      ["http://0177.0.0.1/hooks", loopback],
      ["http://127.1/hooks", loopback],
      ["http://[::ffff:127.0.0.1]/hooks", loopback],
      ["http://[::1]:8080/hooks", `callback_url resolves to ::1, a loopback address; ${PRIVATE_HINT}`],
      ["http://169.254.169.254/latest/meta-data/", `callback_url resolves to 169.254.169.254, a link-local address (where cloud metadata services answer); ${PRIVATE_HINT}`],
      ["https://10.1.2.3/hooks", `callback_url resolves to 10.1.2.3, a private (RFC 1918) address; ${PRIVATE_HINT}`],
      ["http://100.64.0.1/hooks", `callback_url resolves to 100.64.0.1, a carrier-grade NAT (RFC 6598) address; ${PRIVATE_HINT}`],
      ["http://[fd00::1]/hooks", `callback_url resolves to fd00::1, a unique local (ULA) address; ${PRIVATE_HINT}`],
      ["http://0.0.0.0/hooks", `callback_url resolves to 0.0.0.0, an unspecified address; ${PRIVATE_HINT}`],
      ["http://[64:ff9b::7f00:1]/hooks", `callback_url resolves to 64:ff9b::7f00:1, a NAT64 form of 127.0.0.1, a loopback address; ${PRIVATE_HINT}`],
      // a name is resolved (here from /etc/hosts) and judged by what it resolves to
      ["http://localhost:3000/hooks", /^callback_url host localhost resolves to (127\.0\.0\.1|::1), a loopback address; /],
    ];
    for (const [url, error] of cases) {
      for (const [h, path] of [[mePatch, "/api/me"], [settingsPatch, "/api/console/settings"]] as const) {
        const r = await call(h, path, "PATCH", { callback_url: url });
        expect(r.status, url).toBe(400);
        expect(r.body, url).toEqual({ success: false, error: typeof error === "string" ? error : expect.stringMatching(error) });
      }
    }
    expect((await getDestination(db)).callbackUrl).toBe(receiver.url);
    // clearing the URL needs no check
    expect(await call(mePatch, "/api/me", "PATCH", { callback_url: null })).toMatchObject({ status: 200, body: { callback_url: null } });
    expect(receiver.hits).toHaveLength(0);
  });
});

describe("callback_url at send", () => {
  async function addDelivery(at: Date) {
    const id = randomUUID();
    await db.delivery.create({
      data: { id, eventId: id, webhookId: id, eventType: "t.egress", source: "zerohash", status: "pending", nextAttemptAt: at, createdAt: at, payload: relayBody({ id, type: "t.egress", source: "zerohash", createdAt: at, rawPayload: "{}" }) },
    });
    return id;
  }

  it("the worker records the refusal as a failed attempt, connects nowhere, and retries on the schedule", async () => {
    const t0 = Date.now();
    const id = await addDelivery(new Date(t0));
    allowPrivate(false);
    const offset = { v: 0 };
    const worker = createWorker({ clock: () => t0 + offset.v, log: quiet });
    expect(await worker.tick()).toBe(1);
    expect(receiver.hits).toHaveLength(0);
    expect(await db.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", attempts: 1, responseStatus: null, lastError: loopback, claimToken: null });
    const [attempt] = await db.deliveryAttempt.findMany({ where: { deliveryId: id } });
    expect(attempt).toMatchObject({ number: 1, url: receiver.url, responseStatus: null, responseHeaders: null, responseBody: null, error: loopback, outcome: "retry" });
    expect(attempt!.nextAttemptAt!.getTime()).toBe(t0 + 1_000);

    // once the setting allows it again, the next scheduled attempt goes out
    allowPrivate(true);
    offset.v = 1_000;
    expect(await worker.tick()).toBe(1);
    expect(receiver.hits).toHaveLength(1);
    expect(await db.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "delivered", attempts: 2, lastError: null });
    await worker.stop();
  });

  it("a test send reports the refusal and logs a failed test delivery", async () => {
    allowPrivate(false);
    const r = await call(testSend, "/api/webhooks/test", "POST");
    expect(r).toEqual({
      status: 200,
      body: { success: false, callback_url: receiver.url, error: loopback, response_time_ms: expect.any(Number), delivery_id: expect.any(String) },
    });
    expect(receiver.hits).toHaveLength(0);
    const d = await db.delivery.findUniqueOrThrow({ where: { id: r.body.delivery_id as string } });
    expect(d).toMatchObject({ isTest: true, status: "failed", attempts: 1, lastError: loopback, responseStatus: null });
    expect(await db.deliveryAttempt.findFirstOrThrow({ where: { deliveryId: d.id } })).toMatchObject({ error: loopback, outcome: "failed", responseBody: null });
  });
});
