// The stored event set a projection is rebuilt from, read after taking the subject's lock (a
// PostgreSQL advisory lock; SQLite write transactions are serial already). The zerohash operations
// and executions are rebuilt from theirs; PipAI reads only a position's own events, a strategy's
// lifecycle events when one arrived late, and a whole set once for a row from before aggregates
// (decision 0024).
import type { LifecycleEvent } from "@/lib/lifecycle/types";
import { all, asDate, lock, type SqlValue, type Work } from "@/lib/server/sql/work";

export type EventSetOf = { strategyId: string } | { subjectType: string; subjectId: string; strategyId?: string };

export function* lockedEventSet<P>(provider: string, of: EventSetOf): Work<LifecycleEvent<P>[]> {
  yield* lock("subjectType" in of ? `${of.subjectType}:${of.subjectId}` : `strategy:${of.strategyId}`);
  return yield* storedEvents<P>(provider, of);
}

/** The statement storedEvents() sends (exported for the query-plan test). */
export function storedEventsQuery(provider: string, of: EventSetOf): { sql: string; params: SqlValue[] } {
  const [where, params] =
    "subjectType" in of
      ? [`"subjectType" = ? AND "subjectId" = ?${of.strategyId === undefined ? "" : ` AND "strategyId" = ?`}`, [of.subjectType, of.subjectId, ...(of.strategyId === undefined ? [] : [of.strategyId])]]
      : [`"strategyId" = ?`, [of.strategyId]];
  return {
    // `"provider" || ''`, not `"provider"`: no index can serve that term, so the planner walks the
    // subject's own index. With a plain `"provider" = ?` SQLite (no statistics) may pick
    // Event(provider, receivedAt) instead, which reads every event of the provider for every new
    // event: quadratic intake (3.5× slower at 20,000 events). lib/server/query-plans.int.test.ts.
    sql: `SELECT "externalId", "receivedAt", "payload" FROM "Event" WHERE ("provider" || '') = ? AND ${where}`,
    params: [provider, ...params],
  };
}

/** The stored events of a subject (of one strategy, when given), without taking a lock. */
export function* storedEvents<P>(provider: string, of: EventSetOf): Work<LifecycleEvent<P>[]> {
  const q = storedEventsQuery(provider, of);
  const rows = yield* all<{ externalId: string; receivedAt: unknown; payload: string }>(q.sql, q.params);
  return rows.map((r) => ({ notificationId: r.externalId, receivedAt: asDate(r.receivedAt), payload: JSON.parse(r.payload) as P }));
}
