// The stored event set a projection is rebuilt from, read after taking the subject's lock (a
// PostgreSQL advisory lock; SQLite write transactions are serial already). The zerohash operations
// and executions are rebuilt from theirs; PipAI reads only a position's own events, a strategy's
// lifecycle events when one arrived late, and a whole set once for a row from before aggregates
// (decision 0024).
import type { LifecycleEvent } from "@/lib/lifecycle/types";
import { all, asDate, lock, receive, send, type Sent, type SqlValue, type Work } from "@/lib/server/sql/work";

export type EventSetOf = { strategyId: string } | { subjectType: string; subjectId: string; strategyId?: string };

const lockKey = (of: EventSetOf) => ("subjectType" in of ? `${of.subjectType}:${of.subjectId}` : `strategy:${of.strategyId}`);

export function* lockedEventSet<P>(provider: string, of: EventSetOf): Work<LifecycleEvent<P>[]> {
  yield* lock(lockKey(of));
  return yield* storedEvents<P>(provider, of);
}

/**
 * lockedEventSet, with reads of keys known in advance sent between the lock and the event set
 * (work.ts `send`): they see what the previous holder of the lock committed, and on PostgreSQL they
 * ride in the event set's round trip.
 */
export function* lockedEventSetWith<P, S>(provider: string, of: EventSetOf, ahead: () => Work<S>): Work<[LifecycleEvent<P>[], S]> {
  yield* lock(lockKey(of));
  const sent = yield* ahead();
  return [yield* storedEvents<P>(provider, of), sent];
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

type StoredEventRow = { externalId: string; receivedAt: unknown; payload: string };
const toEvents = <P>(rows: readonly StoredEventRow[]): LifecycleEvent<P>[] =>
  rows.map((r) => ({ notificationId: r.externalId, receivedAt: asDate(r.receivedAt), payload: JSON.parse(r.payload) as P }));

/** The stored events of a subject (of one strategy, when given), without taking a lock. */
export function* storedEvents<P>(provider: string, of: EventSetOf): Work<LifecycleEvent<P>[]> {
  const q = storedEventsQuery(provider, of);
  return toEvents<P>(yield* all<StoredEventRow>(q.sql, q.params));
}

/** storedEvents, sent ahead (work.ts `send`); receiveStoredEvents takes them. */
export function* sendStoredEvents(provider: string, of: EventSetOf): Work<Sent<StoredEventRow>> {
  const q = storedEventsQuery(provider, of);
  return yield* send<StoredEventRow>(q.sql, q.params);
}

export function* receiveStoredEvents<P>(sent: Sent<StoredEventRow>): Work<LifecycleEvent<P>[]> {
  return toEvents<P>(yield* receive(sent));
}
