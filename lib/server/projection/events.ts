// The stored event set a projection is rebuilt from, read after taking the subject's lock (a
// PostgreSQL advisory lock; SQLite write transactions are serial already). Shared by the zerohash
// and PipAI projections.
import type { LifecycleEvent } from "@/lib/lifecycle/types";
import { all, asDate, lock, type Work } from "@/lib/server/sql/work";

export type EventSetOf = { strategyId: string } | { subjectType: string; subjectId: string };

export function* lockedEventSet<P>(provider: string, of: EventSetOf): Work<LifecycleEvent<P>[]> {
  const [key, where, params] =
    "strategyId" in of
      ? [`strategy:${of.strategyId}`, `"strategyId" = ?`, [of.strategyId]]
      : [`${of.subjectType}:${of.subjectId}`, `"subjectType" = ? AND "subjectId" = ?`, [of.subjectType, of.subjectId]];
  yield* lock(key);
  const rows = yield* all<{ externalId: string; receivedAt: unknown; payload: string }>(
    `SELECT "externalId", "receivedAt", "payload" FROM "Event" WHERE "provider" = ? AND ${where}`,
    [provider, ...params],
  );
  return rows.map((r) => ({ notificationId: r.externalId, receivedAt: asDate(r.receivedAt), payload: JSON.parse(r.payload) as P }));
}
