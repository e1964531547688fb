import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { acquireCheckpointer } from "./checkpointer";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function database() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hookscope-ckpt-"));
  dirs.push(dir);
  const file = path.join(dir, "db.sqlite");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("wal_autocheckpoint = 0");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  return { file, db };
}

const write = (db: Database.Database, n: number) => {
  const insert = db.prepare("INSERT INTO t (body) VALUES (?)");
  for (let i = 0; i < n; i++) insert.run("x".repeat(500));
};

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

const registry = () => (globalThis as unknown as Record<symbol, Map<string, { worker: { terminate(): Promise<number> } }>>)[Symbol.for("hookscope.sqlite.checkpointers")]!;

describe("background checkpointer", () => {
  it("copies the WAL into the database file while the writer never checkpoints itself", async () => {
    const { file, db } = database();
    const before = fs.statSync(file).size;
    write(db, 400);
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.statSync(file).size).toBe(before); // nobody checkpoints yet
    const lease = acquireCheckpointer(file, () => {})!;
    expect(lease).not.toBeNull();
    expect(await until(() => fs.statSync(file).size > before + 100_000)).toBe(true);
    await lease.release();
    db.close();
  });

  it("is shared per file and stops with its last lease", async () => {
    const { file, db } = database();
    const a = acquireCheckpointer(file, () => {})!;
    const b = acquireCheckpointer(file, () => {})!;
    expect(registry().size).toBeGreaterThan(0);
    const worker = registry().get(file);
    await a.release();
    expect(registry().get(file)).toBe(worker);
    await b.release();
    expect(registry().has(file)).toBe(false);
    db.close();
  });

  it("tells its leaseholders when it dies, so they checkpoint on their own again", async () => {
    const { file, db } = database();
    const onDeath = vi.fn();
    const lease = acquireCheckpointer(file, onDeath)!;
    await registry().get(file)!.worker.terminate();
    expect(await until(() => onDeath.mock.calls.length === 1)).toBe(true);
    // a new lease starts a new worker; releasing the dead one's lease is harmless
    await lease.release();
    const again = acquireCheckpointer(file, () => {})!;
    expect(registry().has(file)).toBe(true);
    await again.release();
    db.close();
  });
});
