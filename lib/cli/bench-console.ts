// npm run bench:console -- [--small 10000] [--large 1000000] [--db sqlite|postgres|both] [--calls 60] [--keep | --again]
//
// Does the console stay fast as data grows? Loads `--small` accepted events, copies that database,
// measures every console read on the copy, then loads more history up to `--large` events and
// measures the same reads there, then both once more (small, large, small, large), in one run, on
// SQLite and/or PostgreSQL. Target (issue 12): each p95 at the large size ≤ 1.5× its p95 at the
// small size, over both measurements of each; the table flags the rows over it. Reported, never
// asserted.
//
// Data: the simulator's traffic (both providers, duplicates, bad signatures, stale timestamps, out
// of order) written through the intake's own storage code in large transactions
// (lib/testing/bulk-load.ts says how, and how the rows stay exactly the intake's), with a share of
// deliveries delivered, failing and failed as the relay worker records them. Receipt times are a
// steady rate: the small set is the newest 6 h, the large one adds older history at the same rate
// (1M events ≈ 25 days), so a time range such as "the last hour" holds the same rows at both sizes.
//
// Reads: the real route handlers (app/api/**/route.ts), called in-process with a Request carrying
// an API key, so the guard, the service verb, Prisma and JSON serialisation are all measured, but no
// HTTP server or network. Each read is called `--calls` times per measurement after ten untimed
// rounds, in rounds over all reads; the ids and deep cursors are picked from the small set and
// reused at the large size, so both sizes answer the same question.
//
// Why small, large, small, large: a measurement minutes or an hour after the other, in a process
// that has bulk loaded in between, ran 20–30 % faster or slower as a whole from one run to the next
// (decision 0026). Measured again after the large one, the small side sees the same process and
// the same hour of the machine.
//
// Databases: its own SQLite files under .tmp/bench-console and its own PostgreSQL databases
// `hookscope_bench` and `hookscope_bench_small` (the copy; dropped before and after, unless --keep
// leaves the large one for a look at the plans), never the dev database.
import "../load-env";
import fs from "node:fs";
import path from "node:path";
import { constants as perfConstants, PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import vm from "node:vm";
import cliProgress from "cli-progress";
import pg from "pg";
import { dbProvider, disconnectDb, getDb } from "../db";
import { resetEnvCache } from "../env";
import { foldTallies } from "../server/overview/fold";
import { indexGrams } from "../server/strategies/search";
import { BENCH_PROVIDER_ENV, bulkLoad, type LoadTally } from "../testing/bulk-load";
import { migrate } from "../../scripts/migrate";

import * as alertsRoute from "../../app/api/console/alerts/route";
import * as backtestsRoute from "../../app/api/console/backtests/route";
import * as deliveriesRoute from "../../app/api/console/deliveries/route";
import * as deliveryRoute from "../../app/api/console/deliveries/[id]/route";
import * as deliveryCountsRoute from "../../app/api/console/deliveries/counts/route";
import * as eventsRoute from "../../app/api/console/events/route";
import * as inboundRoute from "../../app/api/console/inbound/route";
import * as inboundOneRoute from "../../app/api/console/inbound/[id]/route";
import * as operationsRoute from "../../app/api/console/operations/route";
import * as operationRoute from "../../app/api/console/operations/[id]/route";
import * as overviewRoute from "../../app/api/console/overview/route";
import * as searchRoute from "../../app/api/console/search/route";
import * as strategiesRoute from "../../app/api/console/strategies/route";
import * as strategyRoute from "../../app/api/console/strategies/[id]/route";
import * as tradersRoute from "../../app/api/console/traders/route";
import * as traderRoute from "../../app/api/console/traders/[id]/route";
import * as webhooksRoute from "../../app/api/webhooks/route";

const USAGE = `usage: npm run bench:console -- [--small N] [--large N] [--db sqlite|postgres|both] [--calls N] [--keep | --again]

  --small <n>   accepted events in the first measurement (default 10000)
  --large <n>   accepted events in the second measurement (default 1000000; e.g. 100000 for a quick run)
  --db <which>  sqlite, postgres or both (default both)
  --calls <n>   timed calls per read in each of the two measurements per size, after ten untimed
                rounds (default 60: each size's p95 is then over 120 calls)
  --keep        leave the loaded database(s) in place at the end (to EXPLAIN a slow read); the
                next run drops them
  --again       load nothing: measure the reads again on the database(s) a --keep run left, in
                this new process (the run's own measurement shares its process with the loader);
                the overview's ranges end at the clock's now, so they see the data as it has aged`;

const KEY = "hs_bench_console_key";
const TARGET = 1.5;
const SMALL_SPAN_MS = 6 * 3_600_000;
const tmp = path.resolve(".tmp/bench-console");
const PG_ADMIN = process.env.TEST_DATABASE_URL_PG || "postgresql://postgres@127.0.0.1:5432/postgres";
const PG_NAME = "hookscope_bench";
/** The copy of the small set, measured again after the large one (PostgreSQL). */
const PG_SMALL = "hookscope_bench_small";

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Read = { name: string; handler: Handler; path: string; query?: Record<string, string>; params?: Record<string, string> };
type Timing = { p50: number; p95: number };
/** Each read's timed calls, in ms. */
type Samples = Map<string, number[]>;

const timings = (...runs: Samples[]): Map<string, Timing> =>
  new Map([...runs[0]!.keys()].map((name) => {
    const xs = runs.flatMap((r) => r.get(name)!);
    return [name, { p50: pct(xs, 50), p95: pct(xs, 95) }];
  }));
const p50Sum = (m: Samples) => [...m.values()].reduce((a, xs) => a + pct(xs, 50), 0);

function opts() {
  const { values } = parseArgs({
    options: { small: { type: "string" }, large: { type: "string" }, db: { type: "string" }, calls: { type: "string" }, keep: { type: "boolean" }, again: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, v: string | undefined, d: number) => {
    const n = v === undefined ? d : Number(v);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`bench:console: --${name} must be a positive whole number, got "${v}"\n\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  const small = int("small", values.small, 10_000);
  const large = int("large", values.large, 1_000_000);
  if (large <= small) {
    console.error(`bench:console: --large (${large}) must be more than --small (${small})`);
    process.exit(2);
  }
  if (values.keep && values.again) {
    console.error(`bench:console: --keep loads and keeps, --again measures what was kept: not both\n\n${USAGE}`);
    process.exit(2);
  }
  const db = values.db ?? "both";
  if (!["sqlite", "postgres", "both"].includes(db)) {
    console.error(`bench:console: --db must be sqlite, postgres or both, got "${db}"`);
    process.exit(2);
  }
  return { small, large, dbs: db === "both" ? (["sqlite", "postgres"] as const) : ([db] as ["sqlite" | "postgres"]), calls: int("calls", values.calls, 60), keep: values.keep ?? false, again: values.again ?? false };
}

const pct = (xs: number[], p: number) => {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)]!;
};

async function call(r: Read): Promise<Response> {
  const url = new URL(`http://localhost${r.path}`);
  for (const [k, v] of Object.entries(r.query ?? {})) url.searchParams.set(k, v);
  const req = new Request(url, { headers: { host: "localhost", authorization: `Bearer ${KEY}` } });
  return r.handler(req, { params: Promise.resolve(r.params ?? {}) });
}

async function json<T>(r: Read): Promise<T> {
  const res = await call(r);
  if (res.status !== 200) throw new Error(`${r.name}: ${r.path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * A scavenge of the young generation, run before each timed call and not timed: the call then pays
 * for the garbage it makes itself, not for what earlier calls left. Without it a pause for that
 * debt landed on whichever call was under way, and a read that caught four of them in 60 calls had
 * its p95 moved by the collector, not by the data (decision 0026).
 */
const scavenge: () => void = (() => {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as (o?: { type: "minor" | "major" }) => void;
  return () => gc({ type: "minor" });
})();

/** One timed call: when it started and ended (performance.now()). */
async function timed(r: Read): Promise<Span> {
  scavenge();
  const t0 = performance.now();
  const res = await call(r);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${r.name} answered ${res.status}`);
  return [t0, performance.now()];
}

type Span = [start: number, end: number];
const overlaps = (p: PerformanceEntry, [t0, t1]: Span) => p.startTime < t1 && p.startTime + p.duration > t0;

/** Garbage-collection pauses of this process while `during` runs. */
async function gcPauses(during: () => Promise<void>): Promise<PerformanceEntry[]> {
  const pauses: PerformanceEntry[] = [];
  const obs = new PerformanceObserver((list) => pauses.push(...list.getEntries()));
  obs.observe({ entryTypes: ["gc"] });
  try {
    await during();
    // entries are delivered asynchronously: let the last ones arrive
    await new Promise((r) => setTimeout(r, 50));
    return pauses;
  } finally {
    obs.disconnect();
  }
}

const isMajor = (e: PerformanceEntry) => (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR;

type Item = { id: string };
type Page = { items: Item[]; next_cursor: string | null };

/** The cursor after `pages` pages of a list: a deep page of the small set. */
async function deepCursor(r: Read, pages: number): Promise<string> {
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const p: Page = await json<Page>({ ...r, query: { ...r.query, limit: "100", ...(cursor ? { cursor } : {}) } });
    if (!p.next_cursor) break;
    cursor = p.next_cursor;
  }
  if (!cursor) throw new Error(`${r.name}: no second page to start a deep cursor from`);
  return cursor;
}

/** Every read, with ids and cursors picked from what is loaded now (the small set). */
async function reads(): Promise<Read[]> {
  const db = await getDb();
  const h = (m: { GET: unknown }) => m.GET as Handler;
  const ops = h(operationsRoute);
  const events = h(eventsRoute);
  const inbound = h(inboundRoute);
  const deliveries = h(deliveriesRoute);
  const strategies = h(strategiesRoute);
  const traders = h(tradersRoute);

  // an operation of a zerohash strategy with several operations, and one of its settled executions
  // (a recent trader whose strategy's operations and settled executions are all stored)
  let picked: { exec: { id: string }; op: { id: string; strategyId: string }; trader: { id: string } } | null = null;
  for (const trader of await db.trader.findMany({ orderBy: { receivedAt: "desc" }, take: 50 })) {
    const exec = await db.execution.findFirst({ where: { strategyId: trader.strategyId, status: "settled" }, orderBy: { lastReceivedAt: "desc" } });
    const op = exec && (await db.operation.findUnique({ where: { id: exec.operationId } }));
    if (exec && op && (await db.operation.count({ where: { strategyId: op.strategyId } })) > 1) {
      picked = { exec, op, trader };
      break;
    }
  }
  if (!picked) throw new Error("no zerohash strategy with a trader and several operations in the small set");
  const { exec, op, trader } = picked;
  const pipaiStrategy = await db.strategy.findFirstOrThrow({ where: { provider: "pipai" }, orderBy: { lastReceivedAt: "desc" } });
  const failed = await db.delivery.findFirstOrThrow({ where: { status: "failed" }, orderBy: { createdAt: "desc" } });
  const rejected = await db.inboundRequest.findFirstOrThrow({ where: { outcome: "rejected" }, orderBy: { receivedAt: "desc" } });
  const pipaiEvent = await db.event.findFirstOrThrow({ where: { provider: "pipai", type: { startsWith: "strategy.order" } }, orderBy: { receivedAt: "desc" } });
  const newest = await db.event.findFirstOrThrow({ orderBy: { receivedAt: "desc" } });
  const hourAgo = new Date(newest.receivedAt.getTime() - 3_600_000).toISOString();

  const list: Read[] = [
    { name: "operations", handler: ops, path: "/api/console/operations" },
    { name: "operations status=settled", handler: ops, path: "/api/console/operations", query: { status: "settled" } },
    { name: "operations status=pricing (stuck)", handler: ops, path: "/api/console/operations", query: { status: "pricing" } },
    { name: "operations type=top_up", handler: ops, path: "/api/console/operations", query: { type: "top_up" } },
    { name: "operations operation_id prefix", handler: ops, path: "/api/console/operations", query: { operation_id: op.id.slice(0, 8) } },
    { name: "operations strategy_id", handler: ops, path: "/api/console/operations", query: { strategy_id: op.strategyId } },
    { name: "operations from/to (last hour)", handler: ops, path: "/api/console/operations", query: { from: hourAgo } },
    { name: "operation detail", handler: h(operationRoute), path: `/api/console/operations/${op.id}`, params: { id: op.id } },
    { name: "execution (search by id)", handler: h(searchRoute), path: "/api/console/search", query: { q: exec.id } },
    { name: "traders", handler: traders, path: "/api/console/traders" },
    { name: "traders strategy_id", handler: traders, path: "/api/console/traders", query: { strategy_id: op.strategyId } },
    { name: "traders trader_id prefix", handler: traders, path: "/api/console/traders", query: { trader_id: trader.id.slice(0, 8) } },
    { name: "trader detail", handler: h(traderRoute), path: `/api/console/traders/${trader.id}`, params: { id: trader.id } },
    { name: "strategies", handler: strategies, path: "/api/console/strategies" },
    { name: "strategies provider=pipai", handler: strategies, path: "/api/console/strategies", query: { provider: "pipai" } },
    { name: "strategies status=stopped", handler: strategies, path: "/api/console/strategies", query: { status: "stopped" } },
    { name: "strategies q=<id>", handler: strategies, path: "/api/console/strategies", query: { q: pipaiStrategy.id } },
    { name: "strategy detail (pipai)", handler: h(strategyRoute), path: `/api/console/strategies/${pipaiStrategy.id}`, params: { id: pipaiStrategy.id } },
    { name: "strategy detail (zerohash)", handler: h(strategyRoute), path: `/api/console/strategies/${op.strategyId}`, params: { id: op.strategyId } },
    { name: "events", handler: events, path: "/api/console/events" },
    { name: "events provider=pipai", handler: events, path: "/api/console/events", query: { provider: "pipai" } },
    { name: "events type=strategy.order_filled", handler: events, path: "/api/console/events", query: { type: "strategy.order_filled" } },
    { name: "events type=backtest. (prefix)", handler: events, path: "/api/console/events", query: { type: "backtest." } },
    { name: "events q=<operation id>", handler: events, path: "/api/console/events", query: { q: op.id } },
    { name: "events q=<notification id>", handler: events, path: "/api/console/events", query: { q: pipaiEvent.externalId } },
    { name: "events from (last hour)", handler: events, path: "/api/console/events", query: { from: hourAgo } },
    { name: "inbound", handler: inbound, path: "/api/console/inbound" },
    { name: "inbound outcome=rejected", handler: inbound, path: "/api/console/inbound", query: { outcome: "rejected" } },
    { name: "inbound provider=pipai", handler: inbound, path: "/api/console/inbound", query: { provider: "pipai" } },
    { name: "inbound notification_id", handler: inbound, path: "/api/console/inbound", query: { notification_id: pipaiEvent.externalId } },
    { name: "inbound detail", handler: h(inboundOneRoute), path: `/api/console/inbound/${rejected.id}`, params: { id: rejected.id } },
    { name: "deliveries", handler: deliveries, path: "/api/console/deliveries" },
    { name: "deliveries status=failed", handler: deliveries, path: "/api/console/deliveries", query: { status: "failed" } },
    { name: "deliveries status=failing", handler: deliveries, path: "/api/console/deliveries", query: { status: "failing" } },
    { name: "deliveries status=delivered", handler: deliveries, path: "/api/console/deliveries", query: { status: "delivered" } },
    { name: "deliveries event_type=backtest.", handler: deliveries, path: "/api/console/deliveries", query: { event_type: "backtest." } },
    { name: "deliveries http_status=5xx", handler: deliveries, path: "/api/console/deliveries", query: { http_status: "5xx" } },
    { name: "deliveries operation_id", handler: deliveries, path: "/api/console/deliveries", query: { operation_id: op.id } },
    { name: "deliveries counts", handler: h(deliveryCountsRoute), path: "/api/console/deliveries/counts" },
    { name: "delivery detail", handler: h(deliveryRoute), path: `/api/console/deliveries/${failed.id}`, params: { id: failed.id } },
    { name: "backtests", handler: h(backtestsRoute), path: "/api/console/backtests" },
    { name: "backtests status=failed", handler: h(backtestsRoute), path: "/api/console/backtests", query: { status: "failed" } },
    { name: "alerts", handler: h(alertsRoute), path: "/api/console/alerts" },
    { name: "search exact id", handler: h(searchRoute), path: "/api/console/search", query: { q: op.id } },
    { name: "search prefix", handler: h(searchRoute), path: "/api/console/search", query: { q: op.id.slice(0, 6) } },
    { name: "overview 1h", handler: h(overviewRoute), path: "/api/console/overview", query: { range: "1h" } },
    { name: "overview 24h", handler: h(overviewRoute), path: "/api/console/overview", query: { range: "24h" } },
    { name: "overview 7d", handler: h(overviewRoute), path: "/api/console/overview", query: { range: "7d" } },
    { name: "GET /api/webhooks", handler: h(webhooksRoute), path: "/api/webhooks" },
    { name: "GET /api/webhooks status=failed", handler: h(webhooksRoute), path: "/api/webhooks", query: { status: "failed" } },
    { name: "GET /api/webhooks event_type", handler: h(webhooksRoute), path: "/api/webhooks", query: { event_type: "strategy.order_filled" } },
    { name: "GET /api/webhooks offset=1000", handler: h(webhooksRoute), path: "/api/webhooks", query: { offset: "1000", limit: "100" } },
  ];
  // deep cursor pages: 10 pages of 100 into the small set
  for (const base of [
    { name: "operations", handler: ops, path: "/api/console/operations" },
    { name: "events", handler: events, path: "/api/console/events" },
    { name: "inbound", handler: inbound, path: "/api/console/inbound" },
    { name: "deliveries", handler: deliveries, path: "/api/console/deliveries" },
  ]) {
    list.push({ ...base, name: `${base.name} deep cursor (page 11)`, query: { cursor: await deepCursor(base, 10) } });
  }
  return list;
}

/**
 * Untimed rounds over every read before the timed ones. With 2, the first measurement (the small
 * set, early in the process) ran on less optimised code than the second, which followed the bulk
 * load: p50s came out about 10 % lower at 12k than at 10k (decision 0026).
 */
const WARM_UP_ROUNDS = 10;

/**
 * WARM_UP_ROUNDS untimed rounds, then `calls` rounds over every read in turn: a burst of load from
 * elsewhere on the machine lands on many reads a little instead of on one read a lot.
 */
async function measureAll(list: Read[], calls: number, label: string): Promise<Samples> {
  const bar = process.stdout.isTTY ? new cliProgress.SingleBar({ format: `  measuring ${label} [{bar}] round {value}/{total}`, barsize: 24, hideCursor: true }, cliProgress.Presets.legacy) : null;
  for (let i = 0; i < WARM_UP_ROUNDS; i++) for (const r of list) await json(r);
  const spans = new Map<string, Span[]>(list.map((r) => [r.name, []]));
  bar?.start(calls, 0);
  const all = await gcPauses(async () => {
    for (let round = 0; round < calls; round++) {
      for (const r of list) spans.get(r.name)!.push(await timed(r));
      bar?.update(round + 1);
    }
  });
  bar?.stop();
  // The reads run in this process, so a pause lands inside whichever call is under way. A p95 that
  // moves while its p50 stays flat is either that or the database: say which (the scavenges run
  // between the calls are not pauses of a call).
  const timedSpans = [...spans.values()].flat();
  const pauses = all.filter((p) => timedSpans.some((s) => overlaps(p, s)));
  const ms = new Map([...spans].map(([name, xs]) => [name, xs.map(([t0, t1]) => t1 - t0)]));
  let slow = 0;
  let slowInGc = 0;
  for (const [name, xs] of spans) {
    const twiceMedian = 2 * pct(ms.get(name)!, 50);
    for (const s of xs) {
      if (s[1] - s[0] <= twiceMedian) continue;
      slow++;
      if (pauses.some((p) => overlaps(p, s))) slowInGc++;
    }
  }
  const total = pauses.reduce((a, p) => a + p.duration, 0);
  console.log(
    `  ${label}: ${pauses.length} GC pauses inside the timed calls (${pauses.filter(isMajor).length} major, longest ${Math.max(0, ...pauses.map((p) => p.duration)).toFixed(1)} ms, ${total.toFixed(0)} ms in all); ${slowInGc} of the ${slow} calls slower than twice their read's p50 overlapped one`,
  );
  return ms;
}

async function load(events: number, from: Date, to: Date, now: Date, seed: number, label: string): Promise<LoadTally> {
  const bar = process.stdout.isTTY ? new cliProgress.SingleBar({ format: `  loading ${label} [{bar}] {percentage}%  {value}/{total} events  {rate}/s`, barsize: 24, hideCursor: true }, cliProgress.Presets.legacy) : null;
  const t0 = performance.now();
  bar?.start(events, 0, { rate: 0 });
  let lastLog = t0;
  const tally = await bulkLoad({
    events,
    from,
    to,
    now,
    seed,
    onProgress: (n) => {
      const rate = Math.round((n * 1000) / (performance.now() - t0));
      bar?.update(n, { rate });
      if (!bar && performance.now() - lastLog > 30_000) {
        lastLog = performance.now();
        console.log(`  loading ${label}: ${n}/${events} events (${rate}/s)`);
      }
    },
  });
  bar?.stop();
  const s = (performance.now() - t0) / 1000;
  console.log(
    `  loaded ${label}: ${tally.accepted} events, ${tally.duplicates} duplicates, ${tally.rejected} rejected; deliveries ${tally.delivered} delivered, ${tally.failing} failing, ${tally.failed} failed, ${tally.pending} pending (${s.toFixed(0)} s, ${Math.round(tally.accepted / s)}/s)`,
  );
  // the worker's strategies search index (lib/server/strategies/search.ts), which a running
  // deployment keeps up a few seconds behind the intake
  const i0 = performance.now();
  const indexed = await indexGrams();
  const is = (performance.now() - i0) / 1000;
  console.log(`  indexed ${indexed} strategies for the q search (${is.toFixed(1)} s, ${Math.round(indexed / Math.max(is, 0.001))}/s)`);
  // the worker's fold of the overview's closed tally buckets (lib/server/overview/fold.ts), which
  // a running deployment does every retention interval
  const f0 = performance.now();
  const folded = await foldTallies(await getDb(), dbProvider(), new Date(), new Map(), new Map(), { pause: async () => {} });
  console.log(`  folded ${folded.folded} tally rows into their buckets' slot 0, deleted ${folded.deleted} zero rows (${((performance.now() - f0) / 1000).toFixed(1)} s)`);
  return tally;
}

async function pgAdmin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

const sqliteFile = path.join(tmp, "console.db");
const sqliteSmallFile = path.join(tmp, "console-small.db");
const sqliteFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`];

/** The URL of the PostgreSQL database `name` on the admin URL's server. */
function pgUrl(name: string): string {
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  return u.toString();
}

function benchUrl(which: "sqlite" | "postgres"): string {
  return which === "sqlite" ? `file:${sqliteFile}` : pgUrl(PG_NAME);
}

/** --again: the reads measured on what a --keep run left, in this process, which loaded nothing. */
async function again(which: "sqlite" | "postgres", o: ReturnType<typeof opts>): Promise<string> {
  console.log(`\n== ${which} (again, on the kept database)`);
  const url = benchUrl(which);
  const kept =
    which === "sqlite"
      ? fs.existsSync(sqliteFile)
      : await pgAdmin(async (c) => ((await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [PG_NAME])).rowCount ?? 0) > 0);
  if (!kept) throw new Error(`no kept ${which} database: run with --keep first`);
  Object.assign(process.env, BENCH_PROVIDER_ENV, { DATABASE_URL: url, HOOKSCOPE_API_KEYS: KEY });
  resetEnvCache();
  try {
    const db = await getDb();
    const events = await db.event.count();
    const m = timings(await measureAll(await reads(), o.calls, `again`));
    const lines = [`### ${which === "sqlite" ? "SQLite" : "PostgreSQL"}: again, ${events} stored events`, "", "| read | p50 | p95 |", "|---|--:|--:|"];
    for (const [name, t] of m) lines.push(`| ${name} | ${t.p50.toFixed(1)} | ${t.p95.toFixed(1)} |`);
    lines.push("", "(ms)");
    const text = lines.join("\n");
    console.log(`\n${text}`);
    return text;
  } finally {
    await disconnectDb();
  }
}

async function prepare(which: "sqlite" | "postgres"): Promise<string> {
  if (which === "sqlite") {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    return benchUrl(which);
  }
  await pgAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${PG_SMALL} WITH (FORCE)`);
    await c.query(`DROP DATABASE IF EXISTS ${PG_NAME} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${PG_NAME}`);
    // a benchmark database: commits need not wait for the disk (the intake's own settings are not measured here)
    await c.query(`ALTER DATABASE ${PG_NAME} SET synchronous_commit = off`);
  });
  return benchUrl(which);
}

async function cleanup(which: "sqlite" | "postgres", keep: boolean) {
  await disconnectDb();
  if (which === "postgres") await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${PG_SMALL} WITH (FORCE)`));
  else for (const f of sqliteFiles(sqliteSmallFile)) fs.rmSync(f, { force: true });
  if (keep) {
    console.log(`  kept the database: DATABASE_URL=${benchUrl(which)}`);
    return;
  }
  if (which === "postgres") await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${PG_NAME} WITH (FORCE)`));
  else fs.rmSync(tmp, { recursive: true, force: true });
}

/** Points this process's database access (Prisma and the intake store) at `url`. */
async function switchTo(url: string) {
  await disconnectDb();
  process.env.DATABASE_URL = url;
  resetEnvCache();
}

/**
 * A copy of the bench database as loaded so far (the small set), for measuring it again after the
 * large one. SQLite: the files, with every connection closed; PostgreSQL: a database made from it
 * as a template (which needs its connections gone: the pools' backends may take a moment to exit).
 */
async function snapshotSmall(which: "sqlite" | "postgres"): Promise<string> {
  await disconnectDb();
  if (which === "sqlite") {
    const [db, wal] = sqliteFiles(sqliteFile);
    const [smallDb, smallWal] = sqliteFiles(sqliteSmallFile);
    fs.copyFileSync(db!, smallDb!);
    if (fs.existsSync(wal!)) fs.copyFileSync(wal!, smallWal!);
    return `file:${sqliteSmallFile}`;
  }
  await pgAdmin(async (c) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${PG_SMALL} TEMPLATE ${PG_NAME}`);
        return;
      } catch (e) {
        // 55006: the template still has sessions
        if ((e as { code?: string }).code !== "55006" || attempt === 50) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return pgUrl(PG_SMALL);
}

/**
 * Statistics after a bulk load, as a long-running database would have them; on PostgreSQL also
 * the vacuum that autovacuum would have done by then (the load and the gram indexing leave
 * millions of dead tuples, and an autovacuum started by them would run during the measurement).
 */
async function analyze(which: "sqlite" | "postgres") {
  const db = await getDb();
  await db.$executeRawUnsafe(which === "postgres" ? "VACUUM ANALYZE" : "ANALYZE");
}

function table(which: string, small: number, large: number, a: Map<string, Timing>, b: Map<string, Timing>): { text: string; over: number } {
  // (a and b: each size's two measurements together)
  const k = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
  const lines = [
    `### ${which}: ${k(small)} → ${k(large)} events`,
    "",
    `| read | p50 @${k(small)} | p95 @${k(small)} | p50 @${k(large)} | p95 @${k(large)} | p95 ratio | |`,
    "|---|--:|--:|--:|--:|--:|---|",
  ];
  let over = 0;
  for (const [name, s] of a) {
    const l = b.get(name)!;
    const ratio = l.p95 / s.p95;
    if (ratio > TARGET) over++;
    lines.push(`| ${name} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${l.p50.toFixed(1)} | ${l.p95.toFixed(1)} | ${ratio.toFixed(2)}× | ${ratio > TARGET ? `**over ${TARGET}×**` : ""} |`);
  }
  lines.push("", `(ms; ${over} of ${a.size} reads over ${TARGET}×)`);
  return { text: lines.join("\n"), over };
}

async function bench(which: "sqlite" | "postgres", o: ReturnType<typeof opts>): Promise<string> {
  console.log(`\n== ${which}`);
  const url = await prepare(which);
  Object.assign(process.env, BENCH_PROVIDER_ENV, { DATABASE_URL: url, HOOKSCOPE_API_KEYS: KEY });
  resetEnvCache();
  try {
    migrate();
    const now = new Date();
    const smallFrom = new Date(now.getTime() - SMALL_SPAN_MS);
    await load(o.small, smallFrom, now, now, 1, `${o.small} events (the newest ${SMALL_SPAN_MS / 3_600_000} h)`);
    await analyze(which);
    const smallUrl = await snapshotSmall(which);
    await switchTo(smallUrl);
    const list = await reads();
    const a1 = await measureAll(list, o.calls, `at ${o.small}`);
    // older history at the same rate, before the small set
    await switchTo(url);
    const more = o.large - o.small;
    const from = new Date(smallFrom.getTime() - (SMALL_SPAN_MS * more) / o.small);
    await load(more, from, smallFrom, now, 2, `${more} more events (older history)`);
    await analyze(which);
    const b1 = await measureAll(list, o.calls, `at ${o.large}`);
    await switchTo(smallUrl);
    const a2 = await measureAll(list, o.calls, `at ${o.small}, again`);
    await switchTo(url);
    const b2 = await measureAll(list, o.calls, `at ${o.large}, again`);
    const sum = (m: Samples) => p50Sum(m).toFixed(0);
    console.log(`  p50s summed over the ${list.length} reads, first and second measurement: ${sum(a1)} and ${sum(a2)} ms at ${o.small}, ${sum(b1)} and ${sum(b2)} ms at ${o.large}`);
    const a = timings(a1, a2);
    const b = timings(b1, b2);
    const t = table(which === "sqlite" ? "SQLite" : "PostgreSQL", o.small, o.large, a, b);
    console.log(`\n${t.text}`);
    return t.text;
  } finally {
    await cleanup(which, o.keep);
  }
}

async function main() {
  const o = opts();
  if (o.again) console.log(`bench:console --again — the reads on the kept ${o.dbs.join(" and ")} database(s), ${o.calls} calls per read (route handlers in-process)`);
  else console.log(`bench:console — ${o.small} then ${o.large} events on ${o.dbs.join(" and ")}, ${o.calls} calls per read (route handlers in-process)`);
  const out: string[] = [];
  for (const which of o.dbs) out.push(await (o.again ? again(which, o) : bench(which, o)));
  console.log(`\n${out.join("\n\n")}`);
}

await main();
