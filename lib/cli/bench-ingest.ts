// npm run bench:ingest — sustained accepted events/s and latency of POST /api/webhooks/zerohash on a
// production build, against a bare baseline (node:http + the same HMAC check + one SQLite insert
// with the same durability: WAL, synchronous=FULL). Reported, never asserted.
import "../load-env";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHmac, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { zerohashHeaders } from "../testing/sign";
import { zerohashStory } from "../testing/zerohash-story";

const SECRET = "zh_bench_secret";
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const CONCURRENCY = [1, 4, 16, 32];
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const tmp = path.resolve(".tmp/bench");

type Sample = { ok: number; total: number; lat: number[]; elapsedMs: number };

function post(port: number, pathName: string, body: string, headers: Record<string, string>): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, path: pathName, method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
    });
    req.on("error", () => resolve({ status: 0, ms: performance.now() - t0 }));
    req.end(body);
  });
}

function nextEvent() {
  // every request is a new notification of a new operation: the worst case for projections
  const ev = zerohashStory({ start: new Date() }).events[0]!;
  return { body: ev.body, headers: zerohashHeaders({ ...ev, secret: SECRET }) };
}

async function closedLoop(port: number, pathName: string, concurrency: number): Promise<Sample> {
  const s: Sample = { ok: 0, total: 0, lat: [], elapsedMs: 0 };
  const end = performance.now() + DURATION_MS;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const e = nextEvent();
        const r = await post(port, pathName, e.body, e.headers);
        s.total++;
        if (r.status >= 200 && r.status < 300) s.ok++;
        s.lat.push(r.ms);
      }
    }),
  );
  s.elapsedMs = performance.now() - t0;
  return s;
}

/** Open loop at a fixed rate: latency as a provider would see it at that load. */
async function openLoop(port: number, pathName: string, rate: number): Promise<Sample> {
  const s: Sample = { ok: 0, total: 0, lat: [], elapsedMs: 0 };
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  const count = Math.round((rate * DURATION_MS) / 1000);
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const e = nextEvent();
    inflight.push(post(port, pathName, e.body, e.headers).then((r) => {
      s.total++;
      if (r.status >= 200 && r.status < 300) s.ok++;
      s.lat.push(r.ms);
    }));
  }
  await Promise.all(inflight);
  s.elapsedMs = performance.now() - t0;
  return s;
}

const pct = (xs: number[], p: number) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length ? a[Math.min(a.length - 1, Math.floor((p / 100) * a.length))]! : NaN;
};
const fmt = (s: Sample) => `${((s.ok * 1000) / s.elapsedMs).toFixed(0).padStart(6)} ok/s  p50 ${pct(s.lat, 50).toFixed(1).padStart(6)} ms  p99 ${pct(s.lat, 99).toFixed(1).padStart(7)} ms  (${s.ok}/${s.total} 2xx)`;

async function measure(name: string, port: number, pathName: string) {
  console.log(`\n== ${name}`);
  let best = 0;
  for (const c of CONCURRENCY) {
    const s = await closedLoop(port, pathName, c);
    const rate = (s.ok * 1000) / s.elapsedMs;
    best = Math.max(best, rate);
    console.log(`  concurrency ${String(c).padStart(3)}: ${fmt(s)}`);
  }
  const half = Math.max(1, Math.floor(best / 2));
  const at = await openLoop(port, pathName, half);
  console.log(`  open loop at half max (${half}/s): ${fmt(at)}`);
  return { max: best, halfP99: pct(at.lat, 99) };
}

function baselineServer(port: number): Promise<http.Server> {
  fs.mkdirSync(tmp, { recursive: true });
  const file = path.join(tmp, "baseline.db");
  fs.rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE ev (id TEXT PRIMARY KEY, received_at TEXT NOT NULL, body TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO ev (id, received_at, body) VALUES (?, ?, ?)");
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const ts = String(req.headers["x-zh-hook-timestamp"] ?? "");
      const sig = Buffer.from(String(req.headers["x-zh-hook-signature"] ?? ""), "hex");
      const want = createHmac("sha256", SECRET).update(Buffer.concat([body, Buffer.from(ts)])).digest();
      if (sig.length !== want.length || !timingSafeEqual(sig, want)) {
        res.writeHead(401).end();
        return;
      }
      try {
        insert.run(String(req.headers["x-zh-hook-notification-id"]), new Date().toISOString(), body.toString());
        res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
      } catch {
        res.writeHead(200).end('{"duplicate":true}');
      }
    });
  });
  return new Promise((r) => server.listen(port, "127.0.0.1", () => r(server)));
}

async function startHookscope(port: number, databaseUrl: string): Promise<ChildProcess> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, ZEROHASH_WEBHOOK_SECRETS: SECRET, NEXT_TELEMETRY_DISABLED: "1" };
  const m = spawnSync("npx", ["tsx", "scripts/migrate.ts"], { env, stdio: "inherit" });
  if (m.status !== 0) throw new Error("migration failed");
  // the production server, as `npm start` runs it after migrating and building
  const child = spawn("node_modules/.bin/tsx", ["scripts/serve.ts"], { env: { UV_THREADPOOL_SIZE: "16", ...env, PORT: String(port) }, stdio: "ignore", detached: true });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("hookscope did not start");
}

const stop = (c: ChildProcess) => {
  try {
    process.kill(-c.pid!, "SIGTERM");
  } catch {
    /* already gone */
  }
};

async function pgReachable(url: string) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return c;
  } catch {
    return null;
  }
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID")) {
    console.log("building…");
    if (spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit" }).status !== 0) process.exit(1);
  }
  console.log(`bench:ingest — ${DURATION_MS / 1000}s per step, closed loop at concurrency ${CONCURRENCY.join("/")}, then open loop at half the max`);
  const base = await baselineServer(3291);
  const b = await measure("baseline: node:http + HMAC + one SQLite insert (WAL, synchronous=FULL)", 3291, "/");
  base.close();

  fs.rmSync(path.join(tmp, "hookscope.db"), { force: true });
  let child = await startHookscope(3292, `file:${path.join(tmp, "hookscope.db")}`);
  const h = await measure("hookscope on SQLite", 3292, "/api/webhooks/zerohash");
  stop(child);
  console.log(`\nSQLite: hookscope ${h.max.toFixed(0)}/s vs baseline ${b.max.toFixed(0)}/s = ${(h.max / b.max).toFixed(2)}× (target ≥ 0.5×); p99 at half max ${h.halfP99.toFixed(1)} ms (target ≤ 50 ms)`);

  const admin = process.env.TEST_DATABASE_URL_PG || "postgresql://postgres@127.0.0.1:5432/postgres";
  const c = await pgReachable(admin);
  if (c) {
    const name = `hs_bench_${Date.now()}`;
    await c.query(`CREATE DATABASE ${name}`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    child = await startHookscope(3293, u.toString());
    const p = await measure("hookscope on PostgreSQL", 3293, "/api/webhooks/zerohash");
    stop(child);
    await new Promise((r) => setTimeout(r, 500));
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
    console.log(`PostgreSQL: hookscope ${p.max.toFixed(0)}/s (${(p.max / b.max).toFixed(2)}× the SQLite baseline); p99 at half max ${p.halfP99.toFixed(1)} ms`);
  } else console.log("PostgreSQL not reachable: skipped");
  agent.destroy();
}

await main();
