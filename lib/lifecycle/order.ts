// Deterministic total order over a SET of lifecycle events.
import type { LifecycleEvent } from "./types";
import { statusRank, TERMINAL_RANK, type EntityKind } from "./status";

type Sequenced = { status: string; updated_at: string };

/**
 * Sort rank used only for ordering ties on updated_at. Known statuses use their lattice rank.
 * DECISION: unknown statuses rank after every known non-terminal status and before the terminal
 * ones (TERMINAL_RANK - 0.5): a new intermediate state is likelier than a new post-terminal one.
 */
export function sortRank(kind: EntityKind, status: string): number {
  return statusRank(kind, status) ?? TERMINAL_RANK[kind] - 0.5;
}

/** Parsed updated_at; unparseable timestamps sort FIRST (-Infinity) so they never look newest. */
export function eventTime(updatedAt: string): number {
  const t = Date.parse(updatedAt);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON with object keys sorted, so equal payloads compare equal regardless of key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

function receivedMs(e: LifecycleEvent<unknown>): number {
  const t = e.receivedAt instanceof Date ? e.receivedAt.getTime() : Number.NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/**
 * Keep one event per notificationId. When several deliveries share an id (retries), the
 * representative is the earliest receivedAt, ties broken by canonical payload JSON — so the
 * choice never depends on input order.
 */
export function dedupeEvents<P>(events: readonly LifecycleEvent<P>[]): LifecycleEvent<P>[] {
  const byId = new Map<string, LifecycleEvent<P>>();
  for (const e of events) {
    const prev = byId.get(e.notificationId);
    if (!prev) {
      byId.set(e.notificationId, e);
      continue;
    }
    const c = cmpNum(receivedMs(e), receivedMs(prev)) || cmpStr(canonicalJson(e.payload), canonicalJson(prev.payload));
    if (c < 0) byId.set(e.notificationId, e);
  }
  return [...byId.values()];
}

export function compareEvents<P extends Sequenced>(kind: EntityKind, a: LifecycleEvent<P>, b: LifecycleEvent<P>): number {
  return (
    cmpNum(eventTime(a.payload.updated_at), eventTime(b.payload.updated_at)) ||
    cmpNum(sortRank(kind, a.payload.status), sortRank(kind, b.payload.status)) ||
    cmpStr(a.notificationId, b.notificationId)
  );
}

/**
 * Dedupe by notificationId, then order by Date.parse(updated_at) ascending, ties by status rank
 * ascending (see sortRank), then notificationId (code-unit order, locale independent).
 */
export function sortEvents<P extends Sequenced>(kind: EntityKind, events: readonly LifecycleEvent<P>[]): LifecycleEvent<P>[] {
  return dedupeEvents(events).sort((a, b) => compareEvents(kind, a, b));
}
