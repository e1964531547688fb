// Enqueue: a step of the intake transaction, so an event is stored if and only if its delivery is.
// One plain INSERT, nothing else (ingest throughput is benchmarked, see decisions 0010 and 0011).
import { uuidv7 } from "@/lib/ids";
import { insertRow } from "@/lib/server/sql/insert";
import type { Work } from "@/lib/server/sql/work";

export type RelayBody = { id: string; type: string; source: string; created_at: string; data: unknown };

/** The exact JSON sent to the callback URL; `rawPayload` is the provider's body, kept verbatim. */
export function relayBody(m: { id: string; type: string; source: string; createdAt: Date; rawPayload: string }): string {
  // Built as text so the provider's JSON (decimal strings, key order) passes through byte for byte.
  return `{"id":${JSON.stringify(m.id)},"type":${JSON.stringify(m.type)},"source":${JSON.stringify(m.source)},"created_at":${JSON.stringify(m.createdAt.toISOString())},"data":${m.rawPayload}}`;
}

export function enqueueDelivery(e: {
  eventId: string;
  type: string;
  source: string;
  receivedAt: Date;
  rawPayload: string;
  operationId: string | null;
  strategyId: string | null;
}): Work<void> {
  return insertRow("Delivery", {
    id: uuidv7(),
    eventId: e.eventId,
    webhookId: e.eventId,
    eventType: e.type,
    source: e.source,
    operationId: e.operationId,
    strategyId: e.strategyId,
    payload: relayBody({ id: e.eventId, type: e.type, source: e.source, createdAt: e.receivedAt, rawPayload: e.rawPayload }),
    status: "pending",
    nextAttemptAt: e.receivedAt,
    createdAt: e.receivedAt,
  });
}
