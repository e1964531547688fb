// The production server: one node:http listener. Webhook intake (POST /api/webhooks/zerohash and
// /pipai) is handled directly (./intake.ts); everything else, the console and every other API, goes
// to Next.js. Decision 0011 says why the intake does not go through the framework.
import http from "node:http";
import next from "next";
import { intakeHandler, intakeProviderOf } from "./intake";

export type RunningServer = { port: number; close(): Promise<void> };

export async function startServer(opts: { port: number; dir?: string }): Promise<RunningServer> {
  const app = next({ dev: false, dir: opts.dir ?? process.cwd(), port: opts.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const inflight = new Set<Promise<void>>();
  let stopping = false;

  const server = http.createServer((req, res) => {
    // while stopping, every answer closes its connection, so keep-alive clients let go
    if (stopping) res.setHeader("connection", "close");
    const name = intakeProviderOf(req);
    if (name) {
      const p = intakeHandler(name)(req, res);
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      return;
    }
    handle(req, res).catch((e: Error) => {
      console.error("[server]", req.method, req.url?.split("?")[0], e.message);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error");
    });
  });
  // Longer than the usual proxy idle timeouts, so a reverse proxy never reuses a closing socket.
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;

  return {
    port,
    /**
     * Stops accepting, lets requests in flight finish (an intake answer is a durability promise),
     * then closes. Connections still open after 5 s are cut.
     */
    async close() {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.allSettled(inflight);
      const cut = setTimeout(() => server.closeAllConnections(), 5000);
      await closed;
      clearTimeout(cut);
      await app.close();
    },
  };
}
