// Two servers on one SQLite file: the second stops before touching the database, with one line
// naming the file and the process holding it. Each case uses its own scratch SQLite file, so the
// file runs the same on both integration projects.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { sqliteDirPrefix } from "@/lib/testing/test-db-names";
import { claimDatabase, DatabaseInUseError, lockPathOf, releaseDatabaseClaims } from "./db-lock";

type Run = { code: number | null; out: string; err: string };

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGTERM");
  releaseDatabaseClaims();
});

function tsx(args: string[], env: Record<string, string>) {
  const child = spawn("node_modules/.bin/tsx", args, { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  const done = new Promise<Run>((resolve) => child.on("close", (code) => resolve({ code, out, err })));
  return { child, done, output: () => out + err };
}

function scratchDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${sqliteDirPrefix(inject("hookscopeTestRun"))}lock-`));
  return { dir, file: path.join(dir, "hookscope.db"), url: `file:${path.join(dir, "hookscope.db")}` };
}

describe("one server per SQLite file", () => {
  it("a second npm start (or serve) on a served file exits 1 with one line naming the file and the holder", async () => {
    const db = scratchDb();
    const first = tsx(["lib/testing/serve-intake.ts"], { DATABASE_URL: db.url });
    await expect.poll(() => (first.child.exitCode === null ? first.output() : `exited: ${first.output()}`), { timeout: 30_000, interval: 100 }).toMatch(/^ready \d+/);
    const [, port, pid] = /ready (\d+) (\d+)/.exec(first.output())!;

    for (const entry of ["scripts/start.ts", "scripts/serve.ts"]) {
      const second = await tsx([entry], { DATABASE_URL: db.url, PORT: "39999" }).done;
      expect(second.code, entry).toBe(1);
      const lines = second.err.trim().split("\n");
      expect(lines, entry).toEqual([
        `[hookscope] ${db.file} is already served by another Hookscope process (pid ${pid}, port ${port}; lock ${db.file}.lock): stop it first or set DATABASE_URL to another database`,
      ]);
      expect(second.err + second.out).not.toMatch(/WASM_ERROR|at .*\.ts:\d+/);
    }

    // the first server is unharmed, and its lock goes with it
    expect(first.child.exitCode).toBeNull();
    first.child.kill("SIGTERM");
    await first.done;
    expect(fs.existsSync(lockPathOf(db.file))).toBe(false);
    fs.rmSync(db.dir, { recursive: true, force: true });
  }, 90_000);

  it("takes over a lock left by a process that no longer runs, and refuses one held by a live process", async () => {
    const db = scratchDb();
    const gone = tsx(["--eval", "0"], {});
    await gone.done;
    fs.writeFileSync(lockPathOf(db.file), JSON.stringify({ pid: gone.child.pid, port: 3000 }));
    expect(claimDatabase(db.url, 4321)).toBe(lockPathOf(db.file));
    expect(JSON.parse(fs.readFileSync(lockPathOf(db.file), "utf8"))).toMatchObject({ pid: process.pid, port: 4321 });
    releaseDatabaseClaims();
    expect(fs.existsSync(lockPathOf(db.file))).toBe(false);

    // a half-written lock (a crash mid-claim) is stale too
    fs.writeFileSync(lockPathOf(db.file), "{");
    expect(claimDatabase(db.url, 1)).toBe(lockPathOf(db.file));
    releaseDatabaseClaims();

    // the parent of this test process is alive: its lock holds
    fs.writeFileSync(lockPathOf(db.file), JSON.stringify({ pid: process.ppid, port: 3000 }));
    expect(() => claimDatabase(db.url, 1)).toThrow(DatabaseInUseError);
    expect(JSON.parse(fs.readFileSync(lockPathOf(db.file), "utf8"))).toMatchObject({ pid: process.ppid });
    fs.rmSync(db.dir, { recursive: true, force: true });
  }, 30_000);

  it("does not lock PostgreSQL", () => {
    expect(claimDatabase("postgresql://postgres@127.0.0.1:5432/anything", 1)).toBeNull();
  });
});
