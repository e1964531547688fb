// The webhook intake as a plain node:http handler. The production server (./server.ts) sends
// POST /api/webhooks/{provider} here instead of through Next.js: the same pipeline as the route
// handlers in app/api/webhooks, without the framework's per-request cost (decision 0011).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ProviderAdapter } from "@/lib/intake/types";
import { ingest, outcomeAnswer } from "@/lib/intake/pipeline";
import { readNodeBodyCapped } from "@/lib/intake/read-body";
import { providers, type ProviderName } from "@/lib/providers/registry";

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

async function handleIntake(provider: ProviderAdapter<unknown>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let status: number;
  let body: Record<string, unknown>;
  let close = false;
  try {
    const outcome = await ingest(provider, { headers: nodeHeaders(req), readBody: () => readNodeBodyCapped(req) });
    ({ status, body } = outcomeAnswer(outcome));
    // an oversized body was left unread: end the connection instead of reading the rest
    close = outcome.kind === "rejected" && outcome.status === 413;
  } catch (e) {
    console.error(`[intake] ${provider.name}: unexpected failure:`, (e as Error).message);
    status = 500;
    body = { received: false, error: "internal error, retry later" };
  }
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...(close ? { connection: "close" } : {}),
  });
  res.end(text);
}

const handlers = new Map(
  Object.entries(providers).map(([name, p]) => [name, (req: IncomingMessage, res: ServerResponse) => handleIntake(p as ProviderAdapter<unknown>, req, res)]),
);

/** The handler for one provider's intake; its promise settles once the answer is written. */
export function intakeHandler(name: ProviderName): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return handlers.get(name)!;
}
