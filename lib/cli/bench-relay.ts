// npm run bench:relay — how fast the relay drains a backlog to a fast local receiver, against how
// fast the intake accepts, both measured in the same run, on SQLite and on PostgreSQL. Reported,
// never asserted (the machine may be shared: compare numbers from one run only).
//
// Per database: an intake-only server (`serve.ts --intake-only`, the same node:http intake as
// `npm start`) takes BENCH_EVENTS signed events from BENCH_CONCURRENCY clients (the ingest rate);
// then `npm run worker` drains them to a receiver on 127.0.0.1 (the delivery rate). Last, the same
// deliveries are turned back into due retries (an UPDATE, as if the receiver had failed every first
// attempt) and drained again while a new event is sent every 100 ms: how long a new event takes
// from its 2xx to the receiver while a backlog of retries drains (decision 0023).
import "../load-env";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { createDbClient, type Db } from "../db";
import { updateDestination } from "../server/relay/destination";
import { startReceiver } from "../testing/receiver";
import { zerohashHeaders } from "../testing/sign";
import { zerohashStory } from "../testing/zerohash-story";

const SECRET = "zh_bench_relay_secret";
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const CLIENTS = Number(process.env.BENCH_CONCURRENCY ?? 16);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const tmp = path.resolve(".tmp/bench-relay");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One new zerohash event (a new operation each time); `mark` finds it in the relayed body. */
function nextEvent() {
  const story = zerohashStory({ start: new Date() });
  const ev = story.events[0]!;
  return { mark: story.ids.operation, body: ev.body, headers: zerohashHeaders({ ...ev, secret: SECRET }) };
}

function post(port: number, e: ReturnType<typeof nextEvent>): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: "/api/webhooks/zerohash", method: "POST", agent, headers: { ...e.headers, "content-length": Buffer.byteLength(e.body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(e.body);
  });
}

/** Closed loop: CLIENTS senders until `count` events were accepted; accepted events per second. */
async function fill(port: number, count: number): Promise<number> {
  let started = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (started < count) {
        started++;
        if ((await post(port, nextEvent())) !== 200) {
          failed++;
          started--;
          if (failed > 100) throw new Error("the intake keeps refusing events");
        }
      }
    }),
  );
  return (count * 1000) / (performance.now() - t0);
}

/** One process (no tsx wrapper in between), in its own group; its output appended to `logFile`. */
function spawnTsx(args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const out = fs.openSync(logFile, "a");
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { env, stdio: ["ignore", out, out], detached: true });
  fs.closeSync(out);
  return child;
}

const stop = (c: ChildProcess) => {
  try {
    process.kill(-c.pid!, "SIGTERM");
  } catch {
    /* already gone */
  }
};

async function listening(port: number) {
  for (let i = 0; i < 150; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
    if (up) return;
    await sleep(200);
  }
  throw new Error(`nothing answers on port ${port}`);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 600_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const pct = (xs: number[], p: number) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length ? a[Math.min(a.length - 1, Math.floor((p / 100) * a.length))]! : NaN;
};

type Result = { ingest: number; deliver: number; retryDrain: number; newEvent: { n: number; p50: number; p95: number; max: number } };

async function benchOne(name: string, databaseUrl: string, port: number): Promise<Result> {
  console.log(`\n== ${name}`);
  const env = { ...process.env, DATABASE_URL: databaseUrl, ZEROHASH_WEBHOOK_SECRETS: SECRET, HOOKSCOPE_WORKER: "off", HOOKSCOPE_ALLOW_PRIVATE_CALLBACKS: "true", HOOKSCOPE_LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1" };
  if (spawnSync("node_modules/.bin/tsx", ["scripts/migrate.ts"], { env, stdio: "ignore" }).status !== 0) throw new Error("migration failed");
  const logs = { server: path.resolve(`.tmp/bench-relay-${port}-server.log`), worker: path.resolve(`.tmp/bench-relay-${port}-worker.log`) };
  for (const f of Object.values(logs)) fs.rmSync(f, { force: true });
  console.log(`  (output of the server and the worker: ${logs.server}, ${logs.worker})`);
  const server = spawnTsx(["scripts/serve.ts", "--intake-only"], { UV_THREADPOOL_SIZE: "16", ...env, PORT: String(port) }, logs.server);
  const receiver = await startReceiver(() => ({ status: 200, body: "ok" }));
  let worker: ChildProcess | null = null;
  let db: Db | null = null;
  try {
    await listening(port);
    const ingest = await fill(port, EVENTS);
    console.log(`  intake:   ${EVENTS} events accepted at ${ingest.toFixed(0)}/s (${CLIENTS} clients, closed loop)`);

    db = await createDbClient(databaseUrl);
    await updateDestination(db, { callbackUrl: receiver.url, paused: false });
    const delivered = () => db!.delivery.count({ where: { status: "delivered" } });
    worker = spawnTsx(["lib/cli/worker.ts"], { ...env, HOOKSCOPE_WORKER_POLL_MS: "50" }, logs.worker);
    await until("the first delivery", async () => receiver.hits.length > 0, 60_000);
    const t0 = receiver.hits[0]!.at;
    await until("the backlog to drain", async () => (await delivered()) >= EVENTS);
    const deliver = (EVENTS * 1000) / (receiver.hits.at(-1)!.at - t0);
    console.log(`  relay:    ${EVENTS} deliveries at ${deliver.toFixed(0)}/s = ${(deliver / ingest).toFixed(2)}× the intake (target ≥ 0.5× on SQLite)`);

    // the backlog again, as due retries, while new events keep arriving
    const retryStart = Date.now();
    const hitsBefore = receiver.hits.length;
    await db.$executeRawUnsafe(
      `UPDATE "Delivery" SET "status" = 'pending', "attempts" = 1, "scheduleAttempts" = 1, "nextAttemptAt" = "createdAt", "deliveredAt" = NULL, "claimToken" = NULL, "claimedAt" = NULL`,
    );
    const fresh: { mark: string; ackAt: number }[] = [];
    let draining = true;
    const sender = (async () => {
      while (draining) {
        const e = nextEvent();
        if ((await post(port, e)) === 200) fresh.push({ mark: e.mark, ackAt: Date.now() });
        await sleep(100);
      }
    })();
    await until("the retries to drain", async () => (await delivered()) >= EVENTS + fresh.length);
    draining = false;
    await sender;
    await until("the last new event", async () => (await delivered()) >= EVENTS + fresh.length, 60_000);
    const retryDrain = ((receiver.hits.length - hitsBefore) * 1000) / (receiver.hits.at(-1)!.at - retryStart);
    const later = receiver.hits.slice(hitsBefore);
    const waits = fresh.map((f) => later.find((h) => h.body.includes(f.mark))!.at - f.ackAt);
    const newEvent = { n: waits.length, p50: pct(waits, 50), p95: pct(waits, 95), max: Math.max(...waits) };
    console.log(`  retries:  ${EVENTS} due retries drained at ${retryDrain.toFixed(0)}/s; ${newEvent.n} new events sent meanwhile reached the receiver ${newEvent.p50} ms (p50), ${newEvent.p95} ms (p95), ${newEvent.max} ms (max) after their 2xx`);
    return { ingest, deliver, retryDrain, newEvent };
  } finally {
    if (worker) stop(worker);
    stop(server);
    await db?.$disconnect();
    await receiver.close();
    await sleep(500);
  }
}

async function main() {
  console.log(`bench:relay — ${EVENTS} events per database; the machine may be shared with other work, so compare numbers of one run`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const results: [string, Result][] = [];
  results.push(["SQLite", await benchOne("SQLite", `file:${path.join(tmp, "relay.db")}`, 3294)]);

  const admin = process.env.TEST_DATABASE_URL_PG || "postgresql://postgres@127.0.0.1:5432/postgres";
  const c = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 2000 });
  const reachable = await c.connect().then(() => true, () => false);
  if (reachable) {
    const name = `hs_bench_relay_${Date.now()}`;
    await c.query(`CREATE DATABASE ${name}`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    try {
      results.push(["PostgreSQL", await benchOne("PostgreSQL", u.toString(), 3295)]);
    } finally {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    }
  } else console.log("\nPostgreSQL not reachable: skipped");

  console.log("\n| database | intake events/s | relay deliveries/s | ratio | retry drain/s | new event during drain p50 / p95 / max |");
  console.log("|---|---|---|---|---|---|");
  for (const [db, r] of results) {
    console.log(`| ${db} | ${r.ingest.toFixed(0)} | ${r.deliver.toFixed(0)} | ${(r.deliver / r.ingest).toFixed(2)}× | ${r.retryDrain.toFixed(0)} | ${r.newEvent.p50} / ${r.newEvent.p95} / ${r.newEvent.max} ms |`);
  }
  agent.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
}

await main();
// the database clients' pools and timers may keep the event loop alive: the report is out, stop
process.exit(0);
