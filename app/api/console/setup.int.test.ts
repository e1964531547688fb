// GET /api/console/setup: what the empty states teach, with secret counts and never a value.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { setupSchema } from "@/lib/schemas/settings";
import { parseWith } from "@/lib/testing/wire";

const KEY = "hs_setup_key";
const ZH = ["zh_setup_secret_one", "zh_setup_secret_two"];
const PIPAI = "sub_a=pp_setup_secret_a,pp_setup_secret_any";
type H = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
let GET: H;
const get = async (url: string, auth = true) => {
  const res = await GET(new Request(url, { headers: auth ? { authorization: `Bearer ${KEY}` } : {} }), { params: Promise.resolve({}) });
  if (res.ok) await parseWith(setupSchema, res.clone());
  return { status: res.status, text: await res.text() };
};

beforeAll(async () => {
  process.env.HOOKSCOPE_API_KEYS = KEY;
  process.env.ZEROHASH_WEBHOOK_SECRETS = ZH.join(",");
  process.env.PIPAI_WEBHOOK_SECRETS = PIPAI;
  delete process.env.HOOKSCOPE_PUBLIC_URL;
  resetEnvCache();
  GET = (await import("./setup/route")).GET as H;
});
afterEach(() => {
  delete process.env.HOOKSCOPE_PUBLIC_URL;
  resetEnvCache();
});

describe("GET /api/console/setup", () => {
  it("builds the webhook URLs from the request's origin and counts the secrets without revealing them", async () => {
    const r = await get("http://localhost:3123/api/console/setup");
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({
      base_url: "http://localhost:3123",
      base_url_from: "request",
      webhook_urls: { zerohash: "http://localhost:3123/api/webhooks/zerohash", pipai: "http://localhost:3123/api/webhooks/pipai" },
      secrets: { zerohash_hmac: 2, zerohash_rsa_keys: 0, pipai_subscriptions: 1, pipai_any: 1 },
      callback_url_set: false,
      simulate_command: "npm run simulate -- --url http://localhost:3123 --rate 20 --duration 60",
    });
    for (const secret of [...ZH, "pp_setup_secret_a", "pp_setup_secret_any", KEY]) expect(r.text).not.toContain(secret);
  });

  it("prefers HOOKSCOPE_PUBLIC_URL for the providers, and keeps the simulator on this machine", async () => {
    process.env.HOOKSCOPE_PUBLIC_URL = "https://hooks.example.com";
    resetEnvCache();
    const body = JSON.parse((await get("https://hooks.example.com/api/console/setup")).text);
    expect(body.webhook_urls.zerohash).toBe("https://hooks.example.com/api/webhooks/zerohash");
    expect(body.base_url_from).toBe("HOOKSCOPE_PUBLIC_URL");
    expect(body.simulate_command).toMatch(/--url http:\/\/localhost:\d+ /);
  });

  it("refuses a request without credentials and a Host outside the allowed list", async () => {
    expect((await get("http://localhost/api/console/setup", false)).status).toBe(401);
    expect((await get("http://evil.example/api/console/setup")).status).toBe(421);
  });
});
