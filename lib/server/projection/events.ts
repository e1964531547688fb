// The stored event set a projection is rebuilt from, read after taking the subject's lock (a
// PostgreSQL advisory lock; SQLite write transactions are serial already). The zerohash operations
// and executions are rebuilt from theirs; PipAI reads only a position's own events, a strategy's
// lifecycle events when one arrived late, and a whole set once for a row from before aggregates
// (decision 0024).
import type { LifecycleEvent } from "@/lib/lifecycle/types";
import { all, asDate, lock, type Work } from "@/lib/server/sql/work";

export type EventSetOf = { strategyId: string } | { subjectType: string; subjectId: string; strategyId?: string };

export function* lockedEventSet<P>(provider: string, of: EventSetOf): Work<LifecycleEvent<P>[]> {
  yield* lock("subjectType" in of ? `${of.subjectType}:${of.subjectId}` : `strategy:${of.strategyId}`);
  return yield* storedEvents<P>(provider, of);
}

/** The stored events of a subject (of one strategy, when given), without taking a lock. */
export function* storedEvents<P>(provider: string, of: EventSetOf): Work<LifecycleEvent<P>[]> {
  const [where, params] =
    "subjectType" in of
      ? [`"subjectType" = ? AND "subjectId" = ?${of.strategyId === undefined ? "" : ` AND "strategyId" = ?`}`, [of.subjectType, of.subjectId, ...(of.strategyId === undefined ? [] : [of.strategyId])]]
      : [`"strategyId" = ?`, [of.strategyId]];
  const rows = yield* all<{ externalId: string; receivedAt: unknown; payload: string }>(
    `SELECT "externalId", "receivedAt", "payload" FROM "Event" WHERE "provider" = ? AND ${where}`,
    [provider, ...params],
  );
  return rows.map((r) => ({ notificationId: r.externalId, receivedAt: asDate(r.receivedAt), payload: JSON.parse(r.payload) as P }));
}
