// npm run bench:live — how long an accepted event takes to reach the console: acknowledgement →
// message on an open stream (a node SSE client with an API key), and acknowledgement → the new row
// announced in a real Chromium page on /operations. A steady 50 signed zerohash events/s for 20 s
// against the production server on SQLite. Reported, never asserted (target p95 ≤ 1 s).
import "../load-env";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium } from "@playwright/test";
import { findChromium } from "../testing/chromium";
import { zerohashHeaders } from "../testing/sign";
import { zerohashStory } from "../testing/zerohash-story";

const SECRET = "zh_bench_live_secret";
const KEY = "hs_bench_live_key";
const EMAIL = "bench@example.com";
const PASSWORD = "bench-live-password";
const RATE = Number(process.env.BENCH_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 3295);
const BASE = `http://127.0.0.1:${PORT}`;
const tmp = path.resolve(".tmp/bench-live");
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const pct = (xs: number[], p: number) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length ? a[Math.min(a.length - 1, Math.floor((p / 100) * a.length))]! : NaN;
};
const line = (name: string, xs: number[], of: number) =>
  `${name.padEnd(34)} p50 ${pct(xs, 50).toFixed(0).padStart(5)} ms  p95 ${pct(xs, 95).toFixed(0).padStart(5)} ms  max ${Math.max(...xs).toFixed(0).padStart(5)} ms  (${xs.length}/${of} seen)`;

function post(body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port: PORT, path: "/api/webhooks/zerohash", method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

/** A node SSE client: arrival time of each accepted operation's first message, by operation id. */
function sseClient() {
  const seen = new Map<string, number>();
  let buf = "";
  const req = http.get(`${BASE}/api/console/stream`, { headers: { authorization: `Bearer ${KEY}`, host: "localhost" } }, (res) => {
    if (res.statusCode !== 200) throw new Error(`stream answered ${res.statusCode}`);
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      const at = Date.now();
      buf += chunk;
      let i;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const data = buf
          .slice(0, i)
          .split("\n")
          .find((l) => l.startsWith("data: "));
        buf = buf.slice(i + 2);
        if (!data) continue;
        const m = JSON.parse(data.slice(6)) as { kind: string; entity: string | null; entity_id: string | null };
        if (m.kind === "event" && m.entity === "operation" && m.entity_id && !seen.has(m.entity_id)) seen.set(m.entity_id, at);
      }
    });
  });
  return { seen, close: () => req.destroy() };
}

async function startServer(): Promise<ChildProcess> {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const env = {
    ...process.env,
    DATABASE_URL: `file:${path.join(tmp, "hookscope.db")}`,
    ZEROHASH_WEBHOOK_SECRETS: SECRET,
    HOOKSCOPE_API_KEYS: KEY,
    HOOKSCOPE_ADMIN_EMAIL: EMAIL,
    HOOKSCOPE_ADMIN_PASSWORD: PASSWORD,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (spawnSync("npx", ["tsx", "scripts/migrate.ts"], { env, stdio: "inherit" }).status !== 0) throw new Error("migration failed");
  const child = spawn("node_modules/.bin/tsx", ["scripts/serve.ts"], { env: { UV_THREADPOOL_SIZE: "16", ...env, PORT: String(PORT) }, stdio: "ignore", detached: true });
  for (let i = 0; i < 150; i++) {
    if (await fetch(`${BASE}/api/health`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("hookscope did not start");
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID")) {
    console.log("building…");
    if (spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit" }).status !== 0) process.exit(1);
  }
  const server = await startServer();
  const exe = findChromium();
  const browser = await chromium.launch({ executablePath: exe && "path" in exe ? exe.path : "/usr/bin/chromium" });
  try {
    const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1440, height: 900 } });
    const signIn = await context.request.post("/api/auth/sign-in/email", { headers: { origin: BASE }, data: { email: EMAIL, password: PASSWORD } });
    if (signIn.status() !== 200) throw new Error(`sign-in answered ${signIn.status()}`);
    // one operation on the list, so the page shows the table (and its banner) rather than the empty state
    const first = zerohashStory({ start: new Date() }).events[0]!;
    await post(first.body, zerohashHeaders({ ...first, secret: SECRET }));
    const page = await context.newPage();
    await page.goto("/operations");
    await page.getByTestId("operation-row").first().waitFor();
    await page.waitForSelector('[data-testid="live-toggle"][data-state="live"]');
    // when the banner first shows each count: the k-th new operation is on screen once it reads k
    // a string, not a function: tsx would wrap named inner functions in a helper the page lacks
    await page.evaluate(`(() => {
      window.__banner = [];
      const check = () => {
        const m = /^(\\d+) new/.exec(document.querySelector('[data-testid="new-rows-banner"]')?.textContent ?? "");
        const n = m ? Number(m[1]) : 0;
        while (window.__banner.length < n) window.__banner.push(Date.now());
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);

    const sse = sseClient();
    await new Promise((r) => setTimeout(r, 500));
    console.log(`bench:live — ${RATE} events/s for ${SECONDS} s, production server on SQLite, one SSE client and one Chromium page on /operations`);
    const acked: { op: string; at: number }[] = [];
    const count = RATE * SECONDS;
    const t0 = performance.now();
    const inflight: Promise<void>[] = [];
    let failed = 0;
    for (let i = 0; i < count; i++) {
      const wait = t0 + (i * 1000) / RATE - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const story = zerohashStory({ start: new Date() });
      const ev = story.events[0]!;
      inflight.push(
        post(ev.body, zerohashHeaders({ ...ev, secret: SECRET })).then((status) => {
          if (status === 200) acked.push({ op: story.ids.operation, at: Date.now() });
          else failed++;
        }),
      );
    }
    await Promise.all(inflight);
    await new Promise((r) => setTimeout(r, 3_000));
    sse.close();
    const banner = await page.evaluate(() => (window as unknown as { __banner: number[] }).__banner);

    const toStream = acked.filter((a) => sse.seen.has(a.op)).map((a) => sse.seen.get(a.op)! - a.at);
    // the banner counts in arrival order; acknowledgements come back in nearly the same order
    const byAck = [...acked].sort((a, b) => a.at - b.at);
    const toPage = byAck.slice(0, banner.length).map((a, k) => banner[k]! - a.at);
    console.log(`${acked.length} acknowledged, ${failed} failed`);
    console.log(line("ack → message on the stream", toStream, acked.length));
    console.log(line("ack → banner count in Chromium", toPage, acked.length));
    console.log("(negative values: the commit was visible before the fsync that the acknowledgement waits for)");
    await context.close();
  } finally {
    await browser.close();
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    agent.destroy();
  }
}

await main();
