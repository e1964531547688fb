import type { Db } from "@/lib/db";
import { nextPipaiRetry, sortDeliveries, type Delivery, type NextRetry } from "@/lib/lifecycle/retry";

type EventKey = { provider: string; externalId: string; eventTime: Date | null };

/**
 * Every delivery of each event (accepted first receipt, duplicates, and failed attempts that
 * carried the same id), and for PipAI when the next retry would have come had the last answer
 * failed. One query for the whole page.
 */
export async function deliveriesFor(db: Db, events: readonly EventKey[]): Promise<Map<string, { deliveries: Delivery[]; next_retry: NextRetry | null }>> {
  const out = new Map<string, { deliveries: Delivery[]; next_retry: NextRetry | null }>();
  if (events.length === 0) return out;
  const rows = await db.inboundRequest.findMany({
    where: { OR: [...new Set(events.map((e) => e.provider))].map((provider) => ({ provider, externalId: { in: events.filter((e) => e.provider === provider).map((e) => e.externalId) } })) },
    select: { provider: true, externalId: true, deliveryId: true, deliveryAttempt: true, receivedAt: true, outcome: true, httpStatus: true },
    // receipt order; the id settles same-millisecond ties the same way on every read
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
  });
  const byKey = new Map<string, Delivery[]>();
  for (const r of rows) {
    const k = `${r.provider}|${r.externalId}`;
    byKey.set(k, [...(byKey.get(k) ?? []), { delivery_id: r.deliveryId, attempt: r.deliveryAttempt, received_at: r.receivedAt.toISOString(), outcome: r.outcome, http_status: r.httpStatus }]);
  }
  for (const e of events) {
    const k = `${e.provider}|${e.externalId}`;
    const deliveries = sortDeliveries(byKey.get(k) ?? []);
    const last = deliveries.at(-1);
    out.set(k, { deliveries, next_retry: e.provider === "pipai" && last ? nextPipaiRetry(last, e.eventTime?.toISOString() ?? null) : null });
  }
  return out;
}

export const deliveryKey = (e: { provider: string; externalId: string }) => `${e.provider}|${e.externalId}`;
