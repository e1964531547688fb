// The production server's limits, on real sockets: non-intake bodies capped at 64 KiB (413), the
// per-address intake rate limit, slow senders cut, the connection cap, and GET /metrics guarded
// and parseable.
import http from "node:http";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { hashKey } from "@/lib/server/relay/api-keys";
import { zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";
import { MAX_OTHER_BODY_BYTES, startServer, type Fallback, type RunningServer } from "./server";

const SECRET = "zh_limits_secret";
const ENV_KEY = "hs_limits_env_key";
const METRICS_TOKEN = "metrics-token-0123456789";

/** Stands in for Next.js: reads the whole body and says how many bytes it got. */
const received: number[] = [];
const fallback: Fallback = {
  handle: (req, res) =>
    new Promise<void>((resolve) => {
      let n = 0;
      req.on("data", (c: Buffer) => (n += c.length));
      req.on("end", () => {
        received.push(n);
        if (!res.headersSent) res.writeHead(200, { "content-type": "text/plain" }).end(String(n));
        resolve();
      });
      req.on("close", () => resolve());
    }),
  close: async () => {},
};

let server: RunningServer;
const extra: RunningServer[] = [];

function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

beforeAll(async () => {
  setEnv({ ZEROHASH_WEBHOOK_SECRETS: SECRET, HOOKSCOPE_API_KEYS: ENV_KEY, HOOKSCOPE_METRICS_TOKEN: METRICS_TOKEN, HOOKSCOPE_INTAKE_RATE_LIMIT: undefined });
  server = await startServer({ port: 0, fallback });
});
afterAll(() => server.close());
afterEach(async () => {
  await Promise.all(extra.splice(0).map((s) => s.close()));
  setEnv({ HOOKSCOPE_INTAKE_RATE_LIMIT: undefined, HOOKSCOPE_MAX_CONNECTIONS: undefined });
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method: opts.method ?? "GET", path: opts.path, headers: opts.headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    if (opts.chunks) {
      // streamed (chunked), without a Content-Length; write errors after the server hangs up are expected
      for (const c of opts.chunks) req.write(c, () => {});
      req.end();
    } else req.end(opts.body);
  });
}

describe("non-intake body cap", () => {
  it("passes a body up to 64 KiB to Next.js", async () => {
    const body = Buffer.alloc(MAX_OTHER_BODY_BYTES, 0x61);
    const r = await request(server.port, { method: "POST", path: "/api/console/anything", headers: { "content-type": "application/json" }, body });
    expect(r).toMatchObject({ status: 200, body: String(MAX_OTHER_BODY_BYTES) });
  });

  it("answers 413 to a declared Content-Length over 64 KiB without handing it on", async () => {
    const before = received.length;
    const r = await request(server.port, { method: "PATCH", path: "/api/me", headers: { "content-type": "application/json" }, body: Buffer.alloc(MAX_OTHER_BODY_BYTES + 1, 0x61) });
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe("close");
    expect(received.length).toBe(before);
  });

  it("answers 413 to a streamed body once it passes 64 KiB, and Next.js never sees more than the cap", async () => {
    const before = received.length;
    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(16 * 1024, 0x62));
    const r = await request(server.port, { method: "POST", path: "/api/console/settings/test", headers: { "content-type": "application/json" }, chunks });
    expect(r.status).toBe(413);
    // the handler saw its stream end early, or not at all; never past the cap
    for (const n of received.slice(before)) expect(n).toBeLessThanOrEqual(MAX_OTHER_BODY_BYTES);
  });

  it("leaves the webhook intake to its own 1 MiB cap", async () => {
    const ev = zerohashStory({ start: new Date() }).events[0]!;
    const body = ev.body.replace(/}\s*$/, `,"pad":"${"p".repeat(100_000)}"}`);
    const r = await request(server.port, { method: "POST", path: "/api/webhooks/zerohash", headers: zerohashHeaders({ ...ev, body, secret: SECRET }), body });
    // read whole and judged on its content (the padding is an unknown field), not cut at 64 KiB
    expect([200, 400]).toContain(r.status);
    expect(r.status).not.toBe(413);
  });
});

describe("intake rate limit (node:http)", () => {
  it("answers 429 with Retry-After and closes the connection past the limit; off by default", async () => {
    const send = (port: number) => request(port, { method: "POST", path: "/api/webhooks/zerohash", headers: { "content-type": "application/json" }, body: "{}" });
    // default server: no limit
    const free = await Promise.all(Array.from({ length: 10 }, () => send(server.port)));
    expect(free.every((r) => r.status !== 429)).toBe(true);

    setEnv({ HOOKSCOPE_INTAKE_RATE_LIMIT: "2/min" });
    const limited = await startServer({ port: 0, fallback });
    extra.push(limited);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await send(limited.port));
    // unsigned: 401 until the limit, then 429 before the body is even read
    expect(statuses.map((r) => r.status)).toEqual([401, 401, 429]);
    expect(Number(statuses[2]!.headers["retry-after"])).toBeGreaterThan(0);
    expect(statuses[2]!.headers.connection).toBe("close");
    expect(JSON.parse(statuses[2]!.body)).toMatchObject({ received: false, error: expect.stringMatching(/rate limit/) });
  });
});

describe("slow senders and the connection cap", () => {
  it("ends a sender that never finishes its headers (408) within the headers timeout", async () => {
    const slow = await startServer({ port: 0, fallback, headersTimeoutMs: 300, requestTimeoutMs: 600 });
    extra.push(slow);
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const c = net.connect(slow.port, "127.0.0.1", () => c.write("GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));
      let text = "";
      c.setEncoding("latin1");
      c.on("data", (d: string) => (text += d));
      c.on("close", () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    // checked every second: well under Node's default 60 s
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("closes connections past HOOKSCOPE_MAX_CONNECTIONS", async () => {
    setEnv({ HOOKSCOPE_MAX_CONNECTIONS: "2" });
    const capped = await startServer({ port: 0, fallback });
    extra.push(capped);
    const open = (): Promise<net.Socket> => new Promise((resolve) => {
      const c = net.connect(capped.port, "127.0.0.1", () => resolve(c));
    });
    const held = [await open(), await open()];
    await new Promise((r) => setTimeout(r, 50));
    const third = await open();
    const closedWithoutAnswer = await new Promise<boolean>((resolve) => {
      let data = false;
      third.on("data", () => (data = true));
      third.on("close", () => resolve(!data));
      third.on("error", () => {});
      third.write("GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n");
    });
    expect(closedWithoutAnswer).toBe(true);
    for (const c of held) c.destroy();
  });
});

/** Strict Prometheus text format: comments, or `name{labels} value` (values as Go's ParseFloat reads them: prom-client writes NaN as "Nan"). */
const LINE = /^(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*|[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|[Nn][Aa][Nn]|[+-]Inf))$/;

function parseMetrics(text: string): Map<string, { labels: string; value: number }[]> {
  const out = new Map<string, { labels: string; value: number }[]>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    expect(LINE.test(line), `a valid exposition line: ${line}`).toBe(true);
    if (line.startsWith("#")) continue;
    const m = /^([^{ ]+)(\{.*\})? (.+)$/.exec(line)!;
    const list = out.get(m[1]!) ?? [];
    list.push({ labels: m[2] ?? "", value: Number(m[3]) });
    out.set(m[1]!, list);
  }
  return out;
}

describe("GET /metrics", () => {
  it("refuses without a token or key, and other methods", async () => {
    expect((await request(server.port, { path: "/metrics" })).status).toBe(401);
    expect((await request(server.port, { path: "/metrics", headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
    expect((await request(server.port, { path: "/metrics", headers: { authorization: `Basic ${METRICS_TOKEN}` } })).status).toBe(401);
    expect((await request(server.port, { path: "/metrics", headers: { authorization: `Bearer ${"x".repeat(10_000)}` } })).status).toBe(401);
    const post = await request(server.port, { method: "POST", path: "/metrics", headers: { authorization: `Bearer ${METRICS_TOKEN}` }, body: "" });
    expect(post.status).toBe(405);
  });

  it("serves Prometheus text to the metrics token, an env key and a stored viewer key, with the intake, relay and process series", async () => {
    const ev = zerohashStory({ start: new Date() }).events[0]!;
    const ok = await request(server.port, { method: "POST", path: "/api/webhooks/zerohash", headers: zerohashHeaders({ ...ev, secret: SECRET }), body: ev.body });
    expect(ok.status).toBe(200);
    await request(server.port, { method: "POST", path: "/api/webhooks/zerohash", headers: { "content-type": "application/json" }, body: "{}" });

    const viewerKey = "hsk_limits_viewer_key_0123456789";
    const db = await getDb();
    await db.apiKey.create({ data: { name: "prometheus", prefix: viewerKey.slice(0, 8), hash: hashKey(viewerKey), role: "viewer" } });
    for (const token of [METRICS_TOKEN, ENV_KEY, viewerKey]) {
      const r = await request(server.port, { path: "/metrics", headers: { authorization: `Bearer ${token}` } });
      expect(r.status, token).toBe(200);
      expect(r.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    }

    const text = (await request(server.port, { path: "/metrics", headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body;
    const m = parseMetrics(text);
    const series = (name: string) => m.get(name) ?? [];
    expect(series("hookscope_intake_requests_total").find((s) => s.labels.includes('provider="zerohash"') && s.labels.includes('outcome="accepted"'))?.value).toBeGreaterThanOrEqual(1);
    expect(series("hookscope_intake_requests_total").some((s) => s.labels.includes('outcome="rejected"') && s.labels.includes('reason="signature"'))).toBe(true);
    expect(series("hookscope_intake_duration_seconds_count").find((s) => s.labels.includes('provider="zerohash"'))?.value).toBeGreaterThanOrEqual(2);
    expect(series("hookscope_intake_duration_seconds_bucket").some((s) => s.labels.includes('le="+Inf"'))).toBe(true);
    // the accepted event enqueued a delivery; no worker runs here, so it is pending
    expect(series("hookscope_relay_backlog")[0]?.value).toBeGreaterThanOrEqual(1);
    expect(series("hookscope_relay_oldest_pending_age_seconds")[0]?.value).toBeGreaterThanOrEqual(0);
    // and its new strategy waits for the search indexer (the worker's, not running here)
    expect(series("hookscope_strategy_search_queue")[0]?.value).toBeGreaterThanOrEqual(1);
    expect(series("hookscope_nodejs_eventloop_lag_seconds")).toHaveLength(1);
    expect(series("hookscope_process_resident_memory_bytes")[0]?.value).toBeGreaterThan(0);
    expect(text).toContain("# TYPE hookscope_relay_attempts_total counter");
    expect(text).toContain("# TYPE hookscope_retention_pruned_rows_total counter");
  });
});
