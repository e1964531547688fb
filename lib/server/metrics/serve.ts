// GET /metrics for Prometheus, answered by the node:http server (lib/server/http/server.ts) before
// Next.js: a Bearer HOOKSCOPE_METRICS_TOKEN or any API key (any role). No cookie is looked at, so
// the console's Host and cross-origin checks have nothing to protect here and are not applied: a
// scraper addresses the server by whatever name or IP it has.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import client from "prom-client";
import { resolveActor } from "@/lib/auth/actor";
import { getDb, type Db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getSqlStore } from "@/lib/server/sql/store";
import { MAX_QUEUED } from "@/lib/server/strategies/search";
import { metrics, type Metrics } from "./registry";

export const METRICS_PATH = "/metrics";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * A database read for a gauge; FAILED when it fails (database down), so that the scrape still
 * carries the process's own metrics and the gauge is left out rather than wrong.
 */
const FAILED = Symbol("failed");
async function fromDb<T>(read: (db: Db) => Promise<T>): Promise<T | typeof FAILED> {
  try {
    return await read(await getDb());
  } catch (e) {
    console.error("[metrics] a gauge could not read the database:", (e as Error).message);
    return FAILED;
  }
}

/** Backlog, search-queue and pool gauges: computed on each scrape with indexed queries (status, nextAttemptAt) or a count of the small search queue. */
function registerScrapeGauges(m: Metrics) {
  const G = Symbol.for("hookscope.metrics.scrape-gauges");
  const holder = m as Metrics & { [G]?: true };
  if (holder[G]) return;
  holder[G] = true;
  new client.Gauge({
    name: "hookscope_relay_backlog",
    help: "Deliveries pending (due now or scheduled for a retry)",
    registers: [m.registry],
    async collect() {
      const n = await fromDb((db) => db.delivery.count({ where: { status: "pending" } }));
      if (n !== FAILED) this.set(n);
    },
  });
  new client.Gauge({
    name: "hookscope_relay_oldest_pending_age_seconds",
    help: "How long the most overdue pending delivery has been due (0 when nothing is overdue)",
    registers: [m.registry],
    async collect() {
      const oldest = await fromDb((db) => db.delivery.findFirst({ where: { status: "pending" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } }));
      if (oldest === FAILED) return;
      const due = oldest?.nextAttemptAt?.getTime();
      this.set(due === undefined ? 0 : Math.max(0, (Date.now() - due) / 1000));
    },
  });
  new client.Gauge({
    name: "hookscope_strategy_search_queue",
    help: `Strategies new or renamed since the worker last indexed them for the Strategies search; past ${MAX_QUEUED} the search walks every strategy`,
    registers: [m.registry],
    async collect() {
      const n = await fromDb((db) => db.strategyGramQueue.count());
      if (n !== FAILED) this.set(n);
    },
  });
  new client.Gauge({
    name: "hookscope_intake_db_pool_connections",
    help: "The intake's PostgreSQL pool by state (total, idle, waiting); absent on SQLite (one connection)",
    labelNames: ["state"] as const,
    registers: [m.registry],
    collect() {
      const pool = getSqlStore().pool?.();
      if (!pool) return;
      for (const [state, n] of Object.entries(pool)) this.set({ state }, n);
    },
  });
}

/** True for a Bearer HOOKSCOPE_METRICS_TOKEN or an API key that resolves to an actor. */
export async function metricsAuthorized(authorization: string | undefined): Promise<boolean> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!m) return false;
  const env = getEnv();
  if (env.HOOKSCOPE_METRICS_TOKEN && timingSafeEqual(digest(m[1]!), digest(env.HOOKSCOPE_METRICS_TOKEN))) return true;
  const db = await getDb();
  return (await resolveActor(new Request("http://localhost/metrics", { headers: { authorization: authorization! } }), db, env)) !== null;
}

function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store", ...headers });
  res.end(text);
}

export async function serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return answer(res, 405, "method not allowed\n", { allow: "GET, HEAD" });
  let ok: boolean;
  try {
    ok = await metricsAuthorized(req.headers.authorization);
  } catch (e) {
    console.error("[metrics] could not check credentials:", (e as Error).message);
    return answer(res, 503, "credentials could not be checked\n");
  }
  if (!ok) return answer(res, 401, "unauthorized: send Authorization: Bearer <HOOKSCOPE_METRICS_TOKEN or an API key>\n", { "www-authenticate": 'Bearer realm="metrics"' });
  const m = metrics();
  registerScrapeGauges(m);
  let text: string;
  try {
    text = await m.registry.metrics();
  } catch (e) {
    console.error("[metrics] collecting failed:", (e as Error).message);
    return answer(res, 503, "metrics could not be collected\n");
  }
  res.writeHead(200, { "content-type": m.registry.contentType, "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  res.end(req.method === "HEAD" ? undefined : text);
}
