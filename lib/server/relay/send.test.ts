import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_STORED_BODY_BYTES, postJson } from "./send";

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/ok") res.writeHead(204).end();
    else if (req.url === "/redirect") res.writeHead(302, { location: "/ok" }).end();
    else if (req.url === "/big") res.writeHead(500, { "content-type": "text/plain" }).end("x".repeat(MAX_STORED_BODY_BYTES + 1000));
    else if (req.url === "/slow") setTimeout(() => res.writeHead(200).end(), 2_000);
    else if (req.url === "/busy") res.writeHead(429, { "retry-after": "7" }).end("slow down");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const post = (path: string, timeoutMs = 5_000) => postJson((u, i) => fetch(u, i), `${base}${path}`, { "content-type": "application/json" }, "{}", timeoutMs);

describe("postJson", () => {
  it("reports a 2xx without error", async () => {
    const r = await post("/ok");
    expect(r).toMatchObject({ status: 204, error: null });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("never repeats URL credentials in the error text", async () => {
    const r = await postJson((url, init) => fetch(url, init), "http://ops:s3cret@127.0.0.1:9/hooks", {}, "{}", 1000);
    expect(r.status).toBeNull();
    expect(r.error).toBeTruthy();
    expect(r.error).not.toContain("s3cret");
  });

  it("does not follow redirects and names them as the failure", async () => {
    const r = await post("/redirect");
    expect(r.status).toBe(302);
    expect(r.error).toBe("HTTP 302: redirects are not followed");
  });

  it("truncates stored response bodies to 64 KiB", async () => {
    const r = await post("/big");
    expect(r.status).toBe(500);
    expect(r.body!.startsWith("x".repeat(MAX_STORED_BODY_BYTES))).toBe(true);
    expect(r.body!.endsWith("…[truncated at 64 KiB]")).toBe(true);
  });

  it("passes Retry-After through", async () => {
    expect(await post("/busy")).toMatchObject({ status: 429, retryAfter: "7", body: "slow down", error: "HTTP 429" });
  });

  it("times out and never throws", async () => {
    const r = await post("/slow", 200);
    expect(r).toMatchObject({ status: null, error: "Timed out after 0.2 s" });
  });

  // the timeout bounds a send by itself, whatever the fetch does with its signal
  it("times out a fetch that ignores its signal, before and after the headers", async () => {
    const never = () => new Promise<Response>(() => undefined);
    expect(await postJson(never, `${base}/x`, {}, "{}", 50)).toMatchObject({ status: null, error: "Timed out after 0.05 s" });
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new TextEncoder().encode("partial")),
      cancel: () => void (cancelled = true),
    });
    const headersOnly = () => Promise.resolve(new Response(stalled, { status: 200 }));
    expect(await postJson(headersOnly, `${base}/x`, {}, "{}", 50)).toMatchObject({ status: 200, body: "[response body unreadable: Timed out after 0.05 s]" });
    expect(cancelled).toBe(true);
  });

  it("describes refused connections", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await postJson((u, i) => fetch(u, i), `http://127.0.0.1:${port}/x`, {}, "{}");
    expect(r.status).toBeNull();
    expect(r.error).toMatch(/ECONNREFUSED/);
  });
});
