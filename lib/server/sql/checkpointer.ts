// SQLite checkpoints (copying the WAL back into the database file, with two fsyncs) on a worker
// thread with its own connection, so they never stall a commit on the main thread. One per
// database file per process, shared by every connection that asks (the intake store and Prisma's
// client, which may live in two copies of this module: tsx's and Next's bundle, hence globalThis).
// Connections that lease it turn their own automatic checkpoint off; if the worker dies, they are
// told to turn it back on. Decision 0011.
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";

const EVERY_MS = 50;
/** WAL size past which the checkpointer rewinds it (and truncates it back to this size). */
export const WAL_RESTART_BYTES = 256 * 1024 * 1024;

// Plain JavaScript evaluated in the worker: runs the same under tsx, Next.js and vitest.
// Busy timeout 0 everywhere: a checkpoint that cannot get a lock gives up until the next tick. It
// must never hold the write lock while it waits for readers, because a writer on the main thread
// (Prisma's connection, with its blocking busy handler) would then freeze the event loop.
const CODE = `
  const fs = require("node:fs");
  const { parentPort, workerData } = require("node:worker_threads");
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { timeout: 0 });
  db.pragma("synchronous = NORMAL");
  db.pragma("journal_size_limit = " + workerData.restartBytes);
  const walSize = () => { try { return fs.statSync(workerData.file + "-wal").size; } catch { return 0; } };
  let bigSince = 0, lastWarning = 0;
  const tick = () => {
    try {
      // PASSIVE copies what it can without waiting for anyone. Under steady writes the WAL is never
      // fully copied at the moment a writer starts, so SQLite cannot rewind it: past the limit,
      // RESTART takes the write lock when it is free, copies the rest and makes the next writer
      // start the WAL from the beginning. Busy (a writer or a reader in the way): next tick.
      const big = walSize() > workerData.restartBytes;
      const [r] = db.pragma(big ? "wal_checkpoint(RESTART)" : "wal_checkpoint(PASSIVE)");
      if (!big || r.busy === 0) bigSince = 0;
      else if (!bigSince) bigSince = Date.now();
      else if (Date.now() - bigSince > 60000 && Date.now() - lastWarning > 600000) {
        lastWarning = Date.now();
        parentPort.postMessage("the WAL has stayed over its size limit for a minute: a long-lived reader (backup tool, sqlite3 shell) keeps it from being rewound");
      }
    } catch (e) {
      if (!String(e && e.code).startsWith("SQLITE_BUSY")) parentPort.postMessage("checkpoint failed (will retry): " + String(e && e.message));
    }
  };
  const timer = setInterval(tick, workerData.everyMs);
  parentPort.on("message", () => { clearInterval(timer); tick(); db.close(); parentPort.close(); });
`;

type Entry = { refs: number; worker: Worker; exited: Promise<void>; alive: boolean; onDeath: Set<() => void> };
const KEY = Symbol.for("hookscope.sqlite.checkpointers");
const registry: Map<string, Entry> = ((globalThis as Record<symbol, Map<string, Entry>>)[KEY] ??= new Map());

export type CheckpointLease = { release(): Promise<void> };

function start(file: string): Entry {
  const driver = createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
  const worker = new Worker(CODE, { eval: true, workerData: { file, driver, everyMs: EVERY_MS, restartBytes: WAL_RESTART_BYTES } });
  worker.unref();
  const entry: Entry = { refs: 0, worker, alive: true, onDeath: new Set(), exited: new Promise((r) => worker.once("exit", () => r())) };
  worker.on("message", (m: string) => console.error(`[sql] checkpointer: ${m}`));
  worker.on("error", (e) => console.error(`[sql] checkpointer stopped: ${e.message}`));
  void entry.exited.then(() => {
    entry.alive = false;
    if (registry.get(file) === entry) registry.delete(file);
    // not a release: whoever still leases it must checkpoint on its own again
    if (entry.refs > 0) {
      console.error("[sql] checkpointer exited; SQLite checkpoints at commit again");
      for (const f of entry.onDeath) f();
    }
  });
  return entry;
}

/**
 * Joins (or starts) the checkpointer of `file`. While the lease is held the caller's connection may
 * turn its automatic checkpoint off; `onDeath` runs if the worker stops on its own. Null if no
 * worker can be started: keep SQLite's automatic checkpoint then.
 */
export function acquireCheckpointer(file: string, onDeath: () => void): CheckpointLease | null {
  let entry = registry.get(file);
  if (!entry?.alive) {
    try {
      entry = start(file);
    } catch (e) {
      console.error(`[sql] no background checkpointer (${(e as Error).message}); SQLite checkpoints at commit instead`);
      return null;
    }
    registry.set(file, entry);
  }
  const e = entry;
  e.refs++;
  e.onDeath.add(onDeath);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      e.onDeath.delete(onDeath);
      if (--e.refs > 0 || !e.alive) return;
      if (registry.get(file) === e) registry.delete(file);
      e.alive = false;
      e.worker.postMessage("stop");
      const timer = setTimeout(() => void e.worker.terminate(), 2000);
      await e.exited;
      clearTimeout(timer);
    },
  };
}
