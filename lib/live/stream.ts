// GET /api/console/stream: Server-Sent Events over the process's hub (./hub.ts). The route's guard
// has already run (401/403 are JSON); this answers with the stream.
import type { Ctx } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { changesAfter, hubFor, idFloor, type Hub } from "./hub";
import { CURSOR_RE, type LiveMessage } from "./message";

/** A comment line this often keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
/** The reconnect delay the browser is told to use. */
export const RETRY_MS = 2_000;
/** A reconnect further behind than this is told to reload instead of replaying. */
export const CATCH_UP_MAX = 1_000;

let open = 0;
/** Streams open in this process (tests check that a closed one lets go of everything). */
export const openStreamCount = () => open;

/** The reconnect cursor: the Last-Event-ID header, or `?after=` when the page reopens by hand. */
export function cursorOf(req: Request): string | null {
  const v = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("after");
  if (v === null || v === "") return null;
  if (!CURSOR_RE.test(v)) throw new AppError("bad_request", "Last-Event-ID / after must be a message id (a UUID)");
  return v;
}

const frame = (m: LiveMessage) => `id: ${m.id}\nevent: change\ndata: ${JSON.stringify(m)}\n\n`;

export type StreamOptions = { heartbeatMs?: number; hub?: Hub };

export function liveStream(ctx: Ctx, req: Request, opts: StreamOptions = {}): Response {
  const after = cursorOf(req);
  const hub = opts.hub ?? hubFor(ctx.db);
  const enc = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      open++;
      let closed = false;
      const write = (s: string) => {
        if (closed) return;
        try {
          controller.enqueue(enc.encode(s));
        } catch {
          cleanup();
        }
      };
      // Subscribe before reading the catch-up, hold live messages until it is written, and drop
      // those it already contained: nothing is lost or sent twice in between.
      let held: LiveMessage[] | null = after ? [] : null;
      const caught = new Set<string>();
      const unsubscribe = hub.subscribe((m) => {
        if (held) held.push(m);
        else if (!caught.has(m.id)) write(frame(m));
      });
      const heartbeat = setInterval(() => write(": ping\n\n"), opts.heartbeatMs ?? HEARTBEAT_MS);
      const onAbort = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the reader going away
        }
      };
      cleanup = () => {
        if (closed) return;
        closed = true;
        open--;
        clearInterval(heartbeat);
        unsubscribe();
        req.signal.removeEventListener("abort", onAbort);
      };
      req.signal.addEventListener("abort", onAbort);
      write(`retry: ${RETRY_MS}\n: connected\n\n`);
      // A fresh stream starts from now: this id is where a reconnect (EventSource's own, or the
      // page's after a pause) catches up from, even before the first change arrives.
      if (!after) write(`id: ${idFloor(ctx.now.getTime())}\nevent: hello\ndata: {}\n\n`);
      if (after) {
        void changesAfter(ctx.db, after, CATCH_UP_MAX + 1).then(
          (rows) => {
            if (rows.length > CATCH_UP_MAX) {
              // too far behind to replay: the page reloads its data and continues from the newest id
              write(`event: reset\ndata: {}\n\n`);
            } else {
              for (const m of rows) {
                caught.add(m.id);
                write(frame(m));
              }
            }
            for (const m of held ?? []) if (!caught.has(m.id)) write(frame(m));
            held = null;
          },
          (e: Error) => {
            console.error("[live] catch-up failed:", e.message);
            write(`event: reset\ndata: {}\n\n`);
            for (const m of held ?? []) write(frame(m));
            held = null;
          },
        );
      }
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // nginx buffers responses unless told otherwise
      "x-accel-buffering": "no",
    },
  });
}
