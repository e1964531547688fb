// A local callback receiver on 127.0.0.1 for tests and e2e: records every request and answers
// with whatever the test scripts (status, headers, delay).
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Hit = { method: string; path: string; headers: Record<string, string>; body: string; at: number };
export type Reply = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };

export async function startReceiver(respond: (hit: Hit, index: number) => Reply = () => ({ status: 200 })) {
  const hits: Hit[] = [];
  let handler = respond;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      const hit = { method: req.method ?? "", path: req.url ?? "", headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
      hits.push(hit);
      const reply = handler(hit, hits.length - 1);
      const send = () => res.writeHead(reply.status, reply.headers).end(reply.body ?? "");
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    hits,
    setHandler(h: typeof respond) {
      handler = h;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens (a port that was just free). */
export async function deadUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}/nothing-listens`;
}
