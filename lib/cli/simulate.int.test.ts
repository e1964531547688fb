// `npm run simulate` against a running intake on this run's database: what the summary reports is
// what the database holds, and every rejection is one the simulator asked for.
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGTERM");
});

const env = { ...process.env, ZEROHASH_WEBHOOK_SECRETS: "zh_sim_int", PIPAI_WEBHOOK_SECRETS: "wh_sim=pipai_sim_int", HOOKSCOPE_WORKER: "off", HOOKSCOPE_LOG_LEVEL: "warn" };

function tsx(args: string[]) {
  const child = spawn("node_modules/.bin/tsx", args, { env });
  children.push(child);
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (out += d));
  const done = new Promise<{ code: number | null; out: string }>((resolve) => child.on("close", (code) => resolve({ code, out })));
  return { child, done, output: () => out };
}

const num = (out: string, label: string) => Number(new RegExp(`^${label}\\s+(\\d+)`, "m").exec(out)?.[1]);

describe("npm run simulate", () => {
  it("sends signed traffic whose summary matches what was stored", async () => {
    const server = tsx(["lib/testing/serve-intake.ts"]);
    await expect.poll(() => (server.child.exitCode === null ? server.output() : `exited: ${server.output()}`), { timeout: 30_000, interval: 100 }).toMatch(/^ready \d+/);
    const port = /ready (\d+)/.exec(server.output())![1];

    const run = await tsx(["lib/cli/simulate.ts", "--url", `http://127.0.0.1:${port}`, "--count", "80", "--rate", "400", "--duplicates", "0.2", "--bad-signatures", "0.1", "--stale", "0.05", "--out-of-order", "--seed", "11"]).done;
    expect(run.code, run.out).toBe(0);
    const sent = num(run.out, "sent");
    const accepted = num(run.out, "accepted");
    const duplicates = num(run.out, "duplicates");
    const rejected = num(run.out, "rejected");
    expect(sent).toBe(80);
    expect(accepted + duplicates + rejected).toBe(80);
    expect(duplicates, run.out + server.output()).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
    // every rejection is a signature the simulator broke on purpose
    const reasons = run.out.split("\n").filter((l) => /^\s+\d+\s+\d{3} /.test(l));
    for (const l of reasons) expect(l).toMatch(/401 (invalid signature|timestamp outside)/);
    expect(run.out).toMatch(/latency {5}p50 [\d.]+ ms, p99 [\d.]+ ms/);

    const db = await getDb();
    expect(await db.event.count()).toBe(accepted);
    expect(await db.inboundRequest.count({ where: { outcome: "duplicate" } })).toBe(duplicates);
    expect(await db.inboundRequest.count({ where: { outcome: "rejected" } })).toBe(rejected);
    expect(new Set((await db.event.findMany({ select: { provider: true } })).map((e) => e.provider))).toEqual(new Set(["zerohash", "pipai"]));
  }, 90_000);

  it("answers bad options with its usage and exit code 2", async () => {
    const run = await tsx(["lib/cli/simulate.ts", "--rate", "fast"]).done;
    expect(run.code).toBe(2);
    expect(run.out).toContain('simulate: --rate must be a number above 0 and at most 1000, got "fast"');
    expect(run.out).toContain("usage: npm run simulate -- [options]");
  }, 30_000);
});
