// The production server: one node:http listener. Webhook intake (POST /api/webhooks/zerohash and
// /pipai) is handled directly (./intake.ts); everything else, the console and every other API, goes
// to Next.js. Decision 0011 says why the intake does not go through the framework.
import http from "node:http";
import type { Socket } from "node:net";
import next from "next";
import { CLIENT_IP_HEADER } from "@/lib/auth/auth";
import { getEnv } from "@/lib/env";
import { markMalformed } from "@/lib/intake/read-body";
import { METRICS_PATH, serveMetrics } from "@/lib/server/metrics/serve";
import { clientAddress } from "./client-address";
import { intakeHandler, intakeProviderOf, refuseWebhook, webhookRefusal } from "./intake";

/**
 * The methods any route here answers. Anything else (TRACE, WebDAV verbs, …) is refused before it
 * reaches Next.js, which answers some of them with a 500.
 */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Bodies of everything but the webhook intake (console API, sign-in, relay API): all small JSON. */
export const MAX_OTHER_BODY_BYTES = 64 * 1024;
/** A sender gets this long for its request headers, and this long for the whole request. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;

const declaredLength = (req: http.IncomingMessage) => {
  const v = req.headers["content-length"];
  return v === undefined ? 0 : Number(v);
};

/**
 * Caps a body read by someone else (Next.js): the parser hands each chunk to `req.push`, so counting
 * there sees every byte whoever reads them and whenever. Past the cap the chunk is dropped, the
 * request answered 413 (unless an answer began) and the connection closed.
 */
function capBody(req: http.IncomingMessage, res: http.ServerResponse, max: number) {
  let seen = 0;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk === null || seen > max) return chunk === null ? push(chunk) : false;
    seen += (chunk as Buffer).length;
    if (seen <= max) return push(chunk, encoding);
    tooLarge(res, `request body over ${max} bytes`);
    return false;
  };
}

function tooLarge(res: http.ServerResponse, why: string) {
  if (!res.headersSent) plain(res, 413, `${why}\n`, { connection: "close" });
  // nothing more of this request is read: the connection ends once the answer is out
  const socket = res.socket;
  if (res.writableFinished) socket?.destroy();
  else res.once("finish", () => socket?.destroy());
}

/** Answers a request the server refuses outright, without reading its body. */
function plain(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store", ...headers });
  res.end(text);
}

export type RunningServer = { port: number; close(): Promise<void> };

/** What serves everything but the intake: Next.js in production, something small in tests. */
export type Fallback = { handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>; close(): Promise<void> };

/** `serve.ts --intake-only`: no console; everything but the intake and /metrics is a 404. */
export const intakeOnlyFallback: Fallback = {
  handle: async (_req, res) => plain(res, 404, "not found: this server runs the webhook intake only (--intake-only)\n"),
  close: async () => {},
};

async function nextFallback(dir: string, port: number, dev: boolean): Promise<Fallback> {
  const app = next({ dev, dir, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  return { handle: (req, res) => handle(req, res), close: () => app.close() };
}

export async function startServer(opts: {
  port: number;
  dir?: string;
  fallback?: Fallback;
  /** Next.js in development mode (`npm run dev`): the same server and intake, with hot reload. */
  dev?: boolean;
  /** How long a stop waits for open connections before cutting them. */
  cutAfterMs?: number;
  /** Tests: shorter than HEADERS_TIMEOUT_MS / REQUEST_TIMEOUT_MS. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}): Promise<RunningServer> {
  const app = opts.fallback ?? (await nextFallback(opts.dir ?? process.cwd(), opts.port, opts.dev ?? false));
  const handle = app.handle;
  const inflight = new Set<Promise<void>>();
  /** Responses not finished yet: told to close their connection when the stop begins. */
  const open = new Set<http.ServerResponse>();
  let stopping = false;
  /** The answer under way on each connection: a parser error must not write into one already sent. */
  const responses = new WeakMap<Socket, http.ServerResponse>();

  const env = getEnv();
  // checked every second (Node's default is 30 s) so that the timeouts below end slow senders on time
  const server = http.createServer({ headersTimeout: opts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS, requestTimeout: opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1000 }, (req, res) => {
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
    responses.set(socket, res);
    // Origin-form targets only: `*` (OPTIONS * HTTP/1.1) or an absolute URI is no path of ours
    if (!req.url?.startsWith("/")) return plain(res, 400, "bad request target");
    const name = intakeProviderOf(req);
    const refusal = name ? null : webhookRefusal(req);
    if (name || refusal) {
      const p = name ? intakeHandler(name)(req, res) : refuseWebhook(refusal!, req, res);
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      return;
    }
    if (!METHODS.has(req.method ?? "")) return plain(res, 405, "method not allowed", { allow: [...METHODS].join(", ") });
    const length = declaredLength(req);
    if (!(length <= MAX_OTHER_BODY_BYTES)) {
      req.pause();
      return tooLarge(res, Number.isFinite(length) ? `request body over ${MAX_OTHER_BODY_BYTES} bytes` : "bad content-length");
    }
    capBody(req, res, MAX_OTHER_BODY_BYTES);
    if (req.url === METRICS_PATH || req.url.startsWith(`${METRICS_PATH}?`)) {
      const p = serveMetrics(req, res).catch((e: Error) => {
        console.error("[metrics]", e.message);
        if (!res.headersSent) plain(res, 500, "internal error");
      });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      return;
    }
    // whatever a client sent under this header name is replaced
    req.headers[CLIENT_IP_HEADER] = clientAddress(req, env.HOOKSCOPE_TRUST_PROXY);
    handle(req, res).catch((e: Error) => {
      console.error("[server]", req.method, req.url?.split("?")[0], e.message);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error");
    });
  });
  // The parser refused a request (a broken chunked body, say). Node's own handler answers 400, 431
  // or 408 and closes; this one does the same and first marks the socket, so that an intake reading
  // that request's body logs it as malformed rather than as aborted by the sender.
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => {
    const code = String(err.code ?? "");
    if (code.startsWith("HPE_")) markMalformed(socket);
    const started = responses.get(socket)?.headersSent ?? false;
    if (socket.writable && !started && code !== "ECONNRESET") {
      const status = code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : code === "ERR_HTTP_REQUEST_TIMEOUT" ? "408 Request Timeout" : "400 Bad Request";
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    socket.destroy();
  });
  // Longer than the usual proxy idle timeouts, so a reverse proxy never reuses a closing socket.
  server.keepAliveTimeout = 65_000;
  // past this many open connections the server closes new ones at once
  server.maxConnections = env.HOOKSCOPE_MAX_CONNECTIONS;

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
