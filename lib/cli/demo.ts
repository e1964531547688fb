// `npm run demo`: the console on a scratch SQLite database, a receiver on 127.0.0.1 as its callback
// URL that fails a share of deliveries, and the simulator feeding it. Prints the URL and the demo
// admin's sign-in; Ctrl-C (or SIGTERM) stops the children, the receiver, and removes the scratch
// directory. The server is `npm start`'s own (scripts/start.ts: migrate, build when stale, serve).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEMO_USAGE, demoReply, demoSecrets, parseDemoArgs } from "@/lib/demo/plan";
import { startReceiver } from "@/lib/testing/receiver";

const parsed = parseDemoArgs(process.argv.slice(2));
if (!parsed.ok) {
  if (parsed.help) {
    console.log(DEMO_USAGE);
    process.exit(0);
  }
  console.error(`demo: ${parsed.message}\n\n${DEMO_USAGE}`);
  process.exit(2);
}
const o = parsed.options;
const pct = (share: number) => `${Math.round(share * 100)}%`;
const s = demoSecrets();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hookscope-demo-"));
const consoleUrl = `http://localhost:${o.port}`;
const tsx = path.resolve("node_modules/.bin/tsx");

const receiver = await startReceiver((hit) => demoReply(hit.headers["webhook-id"], Math.random(), o));
// the receiver keeps every hit for tests; a demo runs for hours, so keep none
const trim = setInterval(() => receiver.hits.splice(0), 5_000);

// Set explicitly, so a developer's .env (read by every entry point) cannot point the demo at a real database.
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: String(o.port),
  DATABASE_URL: `file:${path.join(dir, "hookscope.db")}`,
  ZEROHASH_WEBHOOK_SECRETS: s.zerohashSecret,
  PIPAI_WEBHOOK_SECRETS: `${s.pipai.webhookId}=${s.pipai.secret}`,
  HOOKSCOPE_API_KEYS: s.apiKey,
  HOOKSCOPE_ADMIN_EMAIL: s.adminEmail,
  HOOKSCOPE_ADMIN_PASSWORD: s.adminPassword,
  HOOKSCOPE_ALLOW_PRIVATE_CALLBACKS: "true",
  HOOKSCOPE_PUBLIC_URL: "",
  HOOKSCOPE_WORKER: "on",
  NEXT_TELEMETRY_DISABLED: "1",
};

const children = new Set<ChildProcess>();
let stopping = false;

function run(args: string[]): ChildProcess {
  // own process group: stopping kills the child's children too (next build, the server)
  const child = spawn(tsx, args, { env, stdio: "inherit", detached: true });
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    clearInterval(trim);
    const exited = [...children].map((c) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r()))));
    for (const c of children) signalGroup(c, "SIGTERM");
    const force = setTimeout(() => {
      for (const c of children) signalGroup(c, "SIGKILL");
    }, 10_000);
    await Promise.all(exited);
    clearTimeout(force);
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(`[demo] stopped; removed ${dir}`);
  }
  process.exit(code);
}

function signalGroup(c: ChildProcess, sig: NodeJS.Signals) {
  if (c.pid === undefined) return;
  try {
    process.kill(-c.pid, sig);
  } catch {
    // the group is already gone
  }
}

for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void stop(0));

console.log(`[demo] scratch database in ${dir}; starting the console (the first start builds it, a minute or two)…`);
const server = run(["scripts/start.ts"]);
server.on("exit", (code) => {
  if (!stopping) {
    console.error(`[demo] the console exited (${code ?? "signal"}); stopping`);
    void stop(1);
  }
});

async function waitForHealth(): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(`${consoleUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the console did not answer on ${consoleUrl}/api/health`);
}

try {
  await waitForHealth();
  // the relay API of spec §3, with the demo's own key: the demo never opens the database itself
  const res = await fetch(`${consoleUrl}/api/me`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${s.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ callback_url: receiver.url, description: "npm run demo receiver" }),
  });
  if (!res.ok) throw new Error(`setting the callback URL answered ${res.status}: ${await res.text()}`);
} catch (e) {
  if (!stopping) {
    console.error(`[demo] ${(e as Error).message}`);
    await stop(1);
  }
}

console.log(
  [
    "",
    "[demo] Hookscope is running",
    `  console      ${consoleUrl}`,
    `  sign in      ${s.adminEmail} / ${s.adminPassword}`,
    `  receiver     ${receiver.url} (500 to ${pct(o.failShare)} of attempts and always to ${pct(o.stuckShare)} of deliveries, 410 to ${pct(o.goneShare)} of deliveries)`,
    `  simulator    ${o.rate}/s for ${o.duration} s; the console stays up afterwards`,
    "  Ctrl-C stops everything and deletes the scratch database.",
    "",
  ].join("\n"),
);

const sim = run(["lib/cli/simulate.ts", "--url", consoleUrl, "--rate", String(o.rate), "--duration", String(o.duration)]);
sim.on("exit", (code) => {
  if (!stopping) console.log(`[demo] the simulator finished (${code === 0 ? "ok" : `exit ${code ?? "signal"}`}); the console is still at ${consoleUrl}. Ctrl-C to stop.`);
});
