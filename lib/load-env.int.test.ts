// `.env` in the working directory is read by the entry points, and the real environment wins.
// Run through a real entry point (the relay worker) started in a scratch directory.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { sqliteDirPrefix } from "@/lib/testing/test-db-names";
import { getDb } from "@/lib/db";
import { parseEnv } from "@/lib/env";
import { describeDatabase } from "@/lib/log";

const repo = path.resolve(import.meta.dirname, "..");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGTERM");
});

function workerIn(cwd: string, env: Record<string, string | undefined>) {
  const child = spawn(path.join(repo, "node_modules/.bin/tsx"), ["--tsconfig", path.join(repo, "tsconfig.json"), path.join(repo, "lib/cli/worker.ts")], { cwd, env: env as NodeJS.ProcessEnv });
  children.push(child);
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (out += d));
  const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));
  return { output: () => out, stop: () => (child.kill("SIGTERM"), closed) };
}

function scratchDir(dotEnv: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${sqliteDirPrefix(inject("hookscopeTestRun"))}dotenv-`));
  fs.writeFileSync(path.join(dir, ".env"), dotEnv);
  return dir;
}

// this file's database (made by lib/testing/setup-db.ts), absolute, so it names the same place from any directory
const testDb = process.env.DATABASE_URL!;
const { DATABASE_URL: _drop, HOOKSCOPE_WORKER_POLL_MS: _drop2, ...baseEnv } = process.env;

describe(".env", () => {
  it("supplies DATABASE_URL and the rest when the environment leaves them unset", async () => {
    const dir = scratchDir(`# written by a test\nDATABASE_URL=${testDb}\nHOOKSCOPE_WORKER_POLL_MS=777\n`);
    const w = workerIn(dir, baseEnv);
    const expected = `[relay] worker started (${describeDatabase(parseEnv({ DATABASE_URL: testDb }))}, polling every 777 ms)`;
    await expect.poll(w.output, { timeout: 30_000, interval: 100 }).toContain(expected);
    // and the worker works on that database: its first start creates the relay signing secret there
    const db = await getDb();
    await expect.poll(() => db.signingSecret.count(), { timeout: 15_000, interval: 100 }).toBe(1);
    await w.stop();
    expect(fs.readdirSync(dir)).toEqual([".env"]);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("loses to the real environment", async () => {
    const dir = scratchDir(`DATABASE_URL=file:./from-dotenv.db\nHOOKSCOPE_WORKER_POLL_MS=777\n`);
    const w = workerIn(dir, { ...baseEnv, DATABASE_URL: testDb, HOOKSCOPE_WORKER_POLL_MS: "555" });
    await expect.poll(w.output, { timeout: 30_000, interval: 100 }).toContain(`[relay] worker started (${describeDatabase(parseEnv({ DATABASE_URL: testDb }))}, polling every 555 ms)`);
    await w.stop();
    // the database named in .env was never opened (SQLite would have created the file)
    expect(fs.readdirSync(dir)).toEqual([".env"]);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
