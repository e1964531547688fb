// The webhook intake as a plain node:http handler. The production server (./server.ts) sends
// POST /api/webhooks/{provider} here instead of through Next.js: the same pipeline as the route
// handlers in app/api/webhooks, without the framework's per-request cost (decision 0011).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ProviderAdapter } from "@/lib/intake/types";
import { getEnv } from "@/lib/env";
import { ingest, outcomeAnswer, refuse, type IntakeOutcome } from "@/lib/intake/pipeline";
import { checkIntakeRate } from "@/lib/intake/rate-limit";
import { readNodeBodyCapped } from "@/lib/intake/read-body";
import { providers, type ProviderName } from "@/lib/providers/registry";
import { observeIntake, observeRateLimited } from "@/lib/server/metrics/registry";
import { clientAddress } from "./client-address";

const PATHS = new Map<string, ProviderName>(Object.keys(providers).map((p) => [`/api/webhooks/${p}`, p as ProviderName]));

/** The provider whose intake this request is for, or null for anything else. */
export function intakeProviderOf(req: IncomingMessage): ProviderName | null {
  if (req.method !== "POST" || !req.url) return null;
  const q = req.url.indexOf("?");
  return PATHS.get(q === -1 ? req.url : req.url.slice(0, q)) ?? null;
}

function nodeHeaders(req: IncomingMessage): Headers {
  const h = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) h.append(raw[i]!, raw[i + 1]!);
  return h;
}

async function answer(res: ServerResponse, what: string, outcome: () => Promise<IntakeOutcome>): Promise<void> {
  const started = performance.now();
  let status: number;
  let body: Record<string, unknown>;
  let close = false;
  let allow = false;
  try {
    const o = await outcome();
    observeIntake(what, o, started);
    ({ status, body } = outcomeAnswer(o));
    // an oversized body was left unread: end the connection instead of reading the rest
    close = o.kind === "rejected" && o.status === 413;
    allow = o.kind === "rejected" && o.status === 405;
  } catch (e) {
    console.error(`[intake] ${what}: unexpected failure:`, (e as Error).message);
    observeIntake(what, { kind: "error", inboundId: null }, started);
    status = 503;
    body = { received: false, error: "internal error, retry later" };
  }
  // a connection the parser gave up on (malformed body) was answered 400 and closed by the server
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...(close ? { connection: "close" } : {}),
    ...(allow ? { allow: "POST" } : {}),
  });
  res.end(text);
}

async function handleIntake(provider: ProviderAdapter<unknown>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const env = getEnv();
  if (env.HOOKSCOPE_INTAKE_RATE_LIMIT) {
    const verdict = await checkIntakeRate(clientAddress(req, env.HOOKSCOPE_TRUST_PROXY), env);
    if (!verdict.ok) {
      observeRateLimited(provider.name);
      const text = JSON.stringify({ received: false, error: verdict.message });
      // the body is left unread: closing costs a flooding sender a new connection per request
      res.writeHead(429, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
        "cache-control": "no-store",
        "retry-after": String(verdict.retryAfterSeconds),
        connection: "close",
      });
      res.end(text);
      return;
    }
  }
  return answer(res, provider.name, () => ingest(provider, { headers: nodeHeaders(req), readBody: () => readNodeBodyCapped(req) }));
}

const WEBHOOKS = "/api/webhooks/";
/** Paths under /api/webhooks/ served by Next.js: the relay API's test send (spec §3). */
const NEXT_WEBHOOK_PATHS = new Set(["/api/webhooks/test", "/api/webhooks/test/"]);

/**
 * A request under /api/webhooks/ that no intake endpoint takes and Next.js does not serve either: a
 * wrong method on a provider's endpoint (405) or a path naming no endpoint (404). These are logged
 * like other rejections; null for anything else.
 */
export function webhookRefusal(req: IncomingMessage): { provider: ProviderAdapter<unknown> | { name: string }; status: 404 | 405; reason: string } | null {
  const url = req.url ?? "";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.startsWith(WEBHOOKS) || NEXT_WEBHOOK_PATHS.has(path)) return null;
  const name = PATHS.get(path) ?? PATHS.get(path.slice(0, -1));
  if (name && path.endsWith("/")) return null; // Next.js redirects to the path without the slash
  if (name) return req.method === "POST" ? null : { provider: providers[name] as ProviderAdapter<unknown>, status: 405, reason: `method ${req.method} not allowed; use POST` };
  return { provider: { name: "unknown" }, status: 404, reason: `no webhook endpoint at ${JSON.stringify(path)}` };
}

/** Logs and answers a request webhookRefusal() named. Its body is left unread. */
export function refuseWebhook(refusal: NonNullable<ReturnType<typeof webhookRefusal>>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return answer(res, refusal.provider.name, () => refuse(refusal.provider, nodeHeaders(req), refusal.status, refusal.reason));
}

const handlers = new Map(
  Object.entries(providers).map(([name, p]) => [name, (req: IncomingMessage, res: ServerResponse) => handleIntake(p as ProviderAdapter<unknown>, req, res)]),
);

/** The handler for one provider's intake; its promise settles once the answer is written. */
export function intakeHandler(name: ProviderName): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return handlers.get(name)!;
}
