// One server per SQLite file. A second server on a file already served used to die deep inside
// Prisma (`WASM_ERROR: unknown variant 'SocketTimeout'`) while migrating a locked database; it now
// stops before touching the database, with one line naming the file and the process holding it.
// PostgreSQL needs no such guard: several servers may share one.
import fs from "node:fs";
import path from "node:path";
import { providerOf, sqlitePath } from "@/lib/db-url";

type Holder = { pid: number; port: number };

export class DatabaseInUseError extends Error {}

export const lockPathOf = (dbFile: string) => `${dbFile}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(file: string): Holder | null {
  try {
    const h = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Holder>;
    return typeof h.pid === "number" && Number.isInteger(h.pid) && h.pid > 0 ? { pid: h.pid, port: Number(h.port) } : null;
  } catch {
    return null;
  }
}

let exitHookInstalled = false;
const held = new Set<string>();

function releaseAll() {
  for (const file of held) {
    // only our own lock: a server that took over a lock we lost must keep its file
    if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  }
  held.clear();
}

/**
 * Claims the SQLite file of `databaseUrl` for this process (a lock file beside it with pid and
 * port), released when the process exits. Claiming again from the same process only updates the
 * port. A lock left by a process that no longer runs is taken over. Throws DatabaseInUseError when
 * a live process holds it. Returns the lock file, or null for PostgreSQL.
 */
export function claimDatabase(databaseUrl: string, port: number): string | null {
  if (providerOf(databaseUrl) !== "sqlite") return null;
  const dbFile = sqlitePath(databaseUrl);
  const file = lockPathOf(dbFile);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const content = JSON.stringify({ pid: process.pid, port, startedAt: new Date().toISOString() });
  for (let i = 0; i < 3; i++) {
    try {
      fs.writeFileSync(file, content, { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = readHolder(file);
    if (holder?.pid === process.pid) {
      fs.writeFileSync(file, content);
      break;
    }
    if (holder && alive(holder.pid)) {
      throw new DatabaseInUseError(
        `[hookscope] ${dbFile} is already served by another Hookscope process (pid ${holder.pid}, port ${holder.port}; lock ${file}): stop it first or set DATABASE_URL to another database`,
      );
    }
    // unreadable (a claim half written by a crash) or its process is gone: stale, take it over
    fs.rmSync(file, { force: true });
  }
  if (readHolder(file)?.pid !== process.pid) throw new DatabaseInUseError(`[hookscope] could not claim ${file}: another process keeps replacing it`);
  held.add(file);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", releaseAll);
  }
  return file;
}

/** Releases every claim of this process now (servers do it on exit by themselves). */
export function releaseDatabaseClaims(): void {
  releaseAll();
}

/** For entry points: claims, or prints the one line and exits 1. */
export function claimDatabaseOrExit(databaseUrl: string, port: number): void {
  try {
    claimDatabase(databaseUrl, port);
  } catch (e) {
    if (!(e instanceof DatabaseInUseError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}
