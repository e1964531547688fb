// What the production server answers to requests that no route should take, on raw sockets: a
// 4xx from node:http, never a 500 from Next.js; under /api/webhooks/ each one is logged like any
// other rejection.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";
import { startServer, type Fallback, type RunningServer } from "./server";

const SECRET = "zh_refusals_secret";
/** Stands in for Next.js: says which paths reached it. */
const reached: string[] = [];
const fallback: Fallback = {
  handle: async (req, res) => {
    reached.push(`${req.method} ${req.url}`);
    res.writeHead(204).end();
  },
  close: async () => {},
};

let server: RunningServer;
let db: Awaited<ReturnType<typeof getDb>>;

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
  (await import("@/lib/env")).resetEnvCache();
  server = await startServer({ port: 0, fallback });
  db = await getDb();
});
afterAll(() => server.close());

/** Sends raw bytes, returns the status line's code and the whole answer. */
function raw(bytes: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const c = net.connect(server.port, "127.0.0.1", () => c.write(bytes));
    let text = "";
    c.setEncoding("latin1");
    c.on("data", (d: string) => {
      text += d;
      // one answer is enough: keep-alive would hold the socket open
      if (/\r\n\r\n/.test(text) && (/content-length: 0\r\n/i.test(text) || text.endsWith("}") || /text\/plain/.test(text))) c.end();
    });
    c.on("error", reject);
    c.on("close", () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }));
    setTimeout(() => c.destroy(), 3000);
  });
}

describe("production server refusals", () => {
  it("TRACE on any path is a 405, and never reaches Next.js", async () => {
    for (const path of ["/", "/api/health", "/api/webhooks/zerohash"]) {
      const r = await raw(`TRACE ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(r.status, path).toBe(405);
    }
    expect(reached.filter((r) => r.startsWith("TRACE"))).toEqual([]);
  });

  it("a request target of * or an absolute URI is a 400", async () => {
    expect((await raw("OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).status).toBe(400);
    expect((await raw("GET http://x/api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).status).toBe(400);
  });

  it("a wrong method on a webhook endpoint is a 405 with Allow: POST, logged", async () => {
    const id = `probe-${Date.now()}`;
    const r = await raw(`GET /api/webhooks/zerohash HTTP/1.1\r\nHost: x\r\nx-zh-hook-notification-id: ${id}\r\nAuthorization: Bearer secret\r\nConnection: close\r\n\r\n`);
    expect(r.status).toBe(405);
    expect(r.text).toMatch(/allow: POST/i);
    const row = await db.inboundRequest.findFirstOrThrow({ where: { externalId: id } });
    expect(row).toMatchObject({ provider: "zerohash", outcome: "rejected", httpStatus: 405, reason: "method GET not allowed; use POST" });
    expect(JSON.parse(row.headers).authorization).toBe("[redacted]");
  });

  it("an unknown path under /api/webhooks/ is a 404, logged; the relay API's own paths still reach Next.js", async () => {
    const r = await raw(`POST /api/webhooks/stripe?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
    expect(r.status).toBe(404);
    const row = await db.inboundRequest.findFirstOrThrow({ where: { provider: "unknown", reason: { contains: "/api/webhooks/stripe" } } });
    expect(row).toMatchObject({ outcome: "rejected", httpStatus: 404 });

    expect((await raw(`POST /api/webhooks/test HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)).status).toBe(204);
    expect((await raw(`GET /api/webhooks?status=failed HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).status).toBe(204);
    expect(reached).toEqual(expect.arrayContaining(["POST /api/webhooks/test", "GET /api/webhooks?status=failed"]));
  });

  it("a malformed chunked body is a 400, logged as malformed rather than aborted by the sender", async () => {
    const ev = zerohashStory({ start: new Date() }).events[0]!;
    const headers = Object.entries(zerohashHeaders({ ...ev, secret: SECRET }))
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("");
    const r = await raw(`POST /api/webhooks/zerohash HTTP/1.1\r\nHost: x\r\n${headers}Transfer-Encoding: chunked\r\n\r\n5\r\n{"id"\r\nZZZ\r\n`);
    expect(r.status).toBe(400);
    const row = await (async () => {
      for (let i = 0; i < 100; i++) {
        const found = await db.inboundRequest.findFirst({ where: { externalId: ev.notificationId } });
        if (found) return found;
        await new Promise((res) => setTimeout(res, 20));
      }
      throw new Error("no inbound row");
    })();
    expect(row).toMatchObject({ outcome: "rejected", httpStatus: 400 });
    expect(row.reason).toMatch(/^malformed request body/);
  });
});
