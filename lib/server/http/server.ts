// The production server: one node:http listener. Webhook intake (POST /api/webhooks/zerohash and
// /pipai) is handled directly (./intake.ts); everything else, the console and every other API, goes
// to Next.js. Decision 0011 says why the intake does not go through the framework.
import http from "node:http";
import next from "next";
import { CLIENT_IP_HEADER } from "@/lib/auth/auth";
import { getEnv } from "@/lib/env";
import { intakeHandler, intakeProviderOf } from "./intake";

/**
 * The client's address for sign-in rate limits and the audit log: the socket's peer, or the first
 * X-Forwarded-For entry when HOOKSCOPE_TRUST_PROXY says a proxy of ours sets it. Whatever a
 * client sent under this header name is replaced.
 */
export function clientAddress(req: http.IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers["x-forwarded-for"] : undefined;
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return (first || req.socket.remoteAddress || "").replace(/^::ffff:/, "");
}

export type RunningServer = { port: number; close(): Promise<void> };

/** What serves everything but the intake: Next.js in production, something small in tests. */
export type Fallback = { handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>; close(): Promise<void> };

async function nextFallback(dir: string, port: number): Promise<Fallback> {
  const app = next({ dev: false, dir, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  return { handle: (req, res) => handle(req, res), close: () => app.close() };
}

export async function startServer(opts: {
  port: number;
  dir?: string;
  fallback?: Fallback;
  /** How long a stop waits for open connections before cutting them. */
  cutAfterMs?: number;
}): Promise<RunningServer> {
  const app = opts.fallback ?? (await nextFallback(opts.dir ?? process.cwd(), opts.port));
  const handle = app.handle;
  const inflight = new Set<Promise<void>>();
  /** Responses not finished yet: told to close their connection when the stop begins. */
  const open = new Set<http.ServerResponse>();
  let stopping = false;

  const server = http.createServer((req, res) => {
    // while stopping, every answer closes its connection, so keep-alive clients let go
    if (stopping) res.setHeader("connection", "close");
    open.add(res);
    // a pipelined answer still queued when its socket closes never emits its own 'close'
    const socket = req.socket;
    const forget = () => {
      open.delete(res);
      socket.off("close", forget);
    };
    socket.once("close", forget);
    res.once("close", () => {
      forget();
      // a connection whose answer began before the stop is idle now: close it
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
    const name = intakeProviderOf(req);
    if (name) {
      const p = intakeHandler(name)(req, res);
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      return;
    }
    req.headers[CLIENT_IP_HEADER] = clientAddress(req, getEnv().HOOKSCOPE_TRUST_PROXY);
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
     * then closes. Connections still open after 5 s (a sender stalled mid-body, say) are cut; an
     * intake whose transaction is under way still finishes it before this resolves.
     */
    async close() {
      stopping = true;
      // answers not started yet close their connection too (those already sent are closed once
      // finished, above): no keep-alive client is left holding a connection to a stopped server
      for (const res of open) if (!res.headersSent) res.setHeader("connection", "close");
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), opts.cutAfterMs ?? 5000);
      await Promise.allSettled([closed, ...inflight]);
      // a request cut mid-body ends its intake (logged as aborted): wait for that too
      await Promise.allSettled(inflight);
      clearTimeout(cut);
      await app.close();
    },
  };
}
