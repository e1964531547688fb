// Writing the change feed the live stream follows (model Change, prisma/models/live.prisma). Each
// change row commits in the transaction of the change it announces, so a stream never announces
// something that rolled back, and never misses something that committed. Ids come from the real
// clock, never an injected one: they are the cursor every process follows.
import { uuidv7 } from "@/lib/ids";
import type { EventRecord } from "@/lib/intake/types";
import { insertRow } from "@/lib/server/sql/insert";
import { write, type Work } from "@/lib/server/sql/work";

/** Entities whose projected status the change reports (after the projection in the same transaction). */
const STATUS_TABLE: Record<string, "Operation" | "Execution"> = { operation: "Operation", execution: "Execution" };

/** Intake: an accepted event, with its entity's status as just projected. */
export function* eventChange(eventId: string, r: EventRecord, at: Date): Work<void> {
  const entity = r.subjectType ?? (r.strategyId ? "strategy" : null);
  const entityId = r.subjectId ?? r.strategyId;
  const table = r.subjectType && r.subjectId ? STATUS_TABLE[r.subjectType] : undefined;
  yield* write(
    `INSERT INTO "Change" ("id", "kind", "entity", "entityId", "operationId", "strategyId", "status", "ref", "at") VALUES (?, 'event', ?, ?, ?, ?, ${
      table ? `COALESCE((SELECT "status" FROM "${table}" WHERE "id" = ?), ?)` : "?"
    }, ?, ?)`,
    [uuidv7(), entity, entityId, r.operationId, r.strategyId, ...(table ? [r.subjectId] : []), r.status, eventId, at],
  );
}

/** Intake: a request that stored no event (rejected, duplicate, failed). */
export function inboundChange(inboundId: string, outcome: string, at: Date): Work<void> {
  return insertRow("Change", { id: uuidv7(), kind: "inbound", entity: "inbound", entityId: inboundId, status: outcome, at });
}

/** Relay worker: an attempt recorded; status is the delivery's status after it. */
export function deliveryChange(d: { id: string; operationId: string | null; strategyId: string | null }, status: string, attempt: number, at: Date) {
  return { id: uuidv7(), kind: "delivery", entity: "delivery", entityId: d.id, operationId: d.operationId, strategyId: d.strategyId, status, ref: String(attempt), at };
}
