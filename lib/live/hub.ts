// One poller per server process and database client, shared by every open stream: it follows the
// Change table with an indexed `id > cursor` query, started by the first subscriber and stopped
// with the last. The database is the truth, so a change written by any process (the intake, a
// separate `npm run worker`, another server on the same PostgreSQL) reaches every stream.
import type { Db } from "@/lib/db";
import type { LiveMessage } from "./message";

/** How often the poller reads the feed while someone listens. */
export const POLL_MS = 250;
/**
 * UUIDv7 ids are taken before commit, so a transaction that commits late can land below a cursor
 * already read past. Each poll re-reads this much time behind the newest id seen and drops what it
 * already sent: a change committed up to this late is still delivered (once).
 */
export const LATE_COMMIT_MS = 2_000;
/** Rows older than this are pruned (the catch-up horizon). */
export const RETENTION_MS = 24 * 3_600_000;
const PRUNE_EVERY_MS = 60_000;
const PRUNE_BATCH = 500;
const PAGE = 500;

type Row = { id: string; kind: string; entity: string | null; entityId: string | null; operationId: string | null; strategyId: string | null; status: string | null; ref: string | null; at: Date };

export const toMessage = (r: Row): LiveMessage => ({
  id: r.id,
  kind: r.kind as LiveMessage["kind"],
  entity: r.entity,
  entity_id: r.entityId,
  operation_id: r.operationId,
  strategy_id: r.strategyId,
  status: r.status,
  ref: r.ref,
  at: r.at.toISOString(),
});

/** The smallest UUIDv7 string of millisecond `ms`: ids at or after that time compare greater. */
export function idFloor(ms: number): string {
  const h = Math.max(0, Math.floor(ms)).toString(16).padStart(12, "0");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-0000-0000-000000000000`;
}
const msOf = (id: string) => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

/** Changes after `after` (exclusive), oldest first, at most `limit`. */
export async function changesAfter(db: Db, after: string, limit = PAGE): Promise<LiveMessage[]> {
  const rows = await db.change.findMany({ where: { id: { gt: after } }, orderBy: { id: "asc" }, take: limit });
  return rows.map(toMessage);
}

export type Listener = (m: LiveMessage) => void;

export type Hub = {
  subscribe(l: Listener): () => void;
  /** for tests and the status line: open subscribers, and whether the poll loop runs */
  stats(): { subscribers: number; polling: boolean };
  /** one poll now (tests; a NOTIFY could call it too) */
  pollNow(): Promise<void>;
};

export type HubOptions = { pollMs?: number; now?: () => number; log?: (line: string) => void };

export function createHub(db: Db, opts: HubOptions = {}): Hub {
  const pollMs = opts.pollMs ?? POLL_MS;
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((l: string) => console.error(l));
  const listeners = new Set<Listener>();
  /** ids sent within the late-commit window, with their time */
  const sent = new Map<string, number>();
  let newest = "";
  let timer: ReturnType<typeof setTimeout> | null = null;
  let polling: Promise<void> | null = null;
  let lastPrune = 0;
  let failing = false;

  async function poll() {
    // first poll: start from now, the catch-up of each stream covers what came before
    if (!newest) newest = idFloor(now());
    const from = idFloor(msOf(newest) - LATE_COMMIT_MS);
    let cursor = from;
    for (;;) {
      const page = await changesAfter(db, cursor);
      for (const m of page) {
        if (sent.has(m.id)) continue;
        sent.set(m.id, msOf(m.id));
        if (m.id > newest) newest = m.id;
        for (const l of listeners) l(m);
      }
      if (page.length < PAGE) break;
      cursor = page[page.length - 1]!.id;
    }
    const horizon = msOf(from);
    for (const [id, ms] of sent) if (ms < horizon) sent.delete(id);
    if (now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = now();
      await prune(db, now());
    }
  }

  function schedule() {
    if (timer || listeners.size === 0) return;
    timer = setTimeout(() => {
      timer = null;
      polling = poll()
        .then(
          () => {
            if (failing) log("[live] change feed readable again");
            failing = false;
          },
          (e: Error) => {
            if (!failing) log(`[live] reading the change feed failed: ${e.message}`);
            failing = true;
          },
        )
        .finally(() => {
          polling = null;
          schedule();
        });
    }, pollMs);
    timer.unref?.();
  }

  return {
    subscribe(l) {
      listeners.add(l);
      if (listeners.size === 1 && !newest) newest = idFloor(now());
      if (!polling) schedule();
      return () => {
        listeners.delete(l);
        if (listeners.size === 0 && timer) {
          clearTimeout(timer);
          timer = null;
        }
        // a quiet feed forgets where it was: the next first subscriber starts from its own now
        if (listeners.size === 0) {
          newest = "";
          sent.clear();
        }
      };
    },
    stats: () => ({ subscribers: listeners.size, polling: timer !== null || polling !== null }),
    async pollNow() {
      await polling;
      await poll();
    },
  };
}

/** Deletes change rows past retention, a batch at a time, so no single statement holds a long lock. */
export async function prune(db: Db, nowMs: number, batch = PRUNE_BATCH): Promise<number> {
  const before = idFloor(nowMs - RETENTION_MS);
  let total = 0;
  for (let i = 0; i < 20; i++) {
    const ids = (await db.change.findMany({ where: { id: { lt: before } }, orderBy: { id: "asc" }, take: batch, select: { id: true } })).map((r) => r.id);
    if (ids.length === 0) break;
    total += (await db.change.deleteMany({ where: { id: { in: ids } } })).count;
    if (ids.length < batch) break;
  }
  return total;
}

const hubs = new WeakMap<Db, Hub>();

/** The process's hub for this database client. */
export function hubFor(db: Db): Hub {
  let h = hubs.get(db);
  if (!h) hubs.set(db, (h = createHub(db)));
  return h;
}
