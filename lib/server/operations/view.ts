import type { Operation } from "@/lib/generated/sqlite/client";
import { isTerminal } from "@/lib/lifecycle/status";
import type { OperationSummary } from "@/lib/schemas/operations";

export function operationSummary(o: Operation, now: Date, stuckAfterMs: number): OperationSummary {
  const lastEvent = o.updatedAt ?? o.lastReceivedAt;
  return {
    id: o.id,
    strategy_id: o.strategyId,
    request_id: o.requestId,
    type: o.type,
    status: o.status,
    status_reason: o.statusReason,
    allocations: JSON.parse(o.allocations) as OperationSummary["allocations"],
    created_at: o.createdAt?.toISOString() ?? null,
    updated_at: o.updatedAt?.toISOString() ?? null,
    first_received_at: o.firstReceivedAt.toISOString(),
    last_received_at: o.lastReceivedAt.toISOString(),
    event_count: o.eventCount,
    anomaly_count: o.anomalyCount,
    stuck: !isTerminal("operation", o.status) && now.getTime() - lastEvent.getTime() > stuckAfterMs,
  };
}

/** The stuck rule of the console's operation lists and pages: STUCK_AFTER_MINUTES without an event. */
export function stuckRule(ctx: { now: Date; env: { STUCK_AFTER_MINUTES: number } }) {
  return { now: ctx.now, stuckAfterMs: ctx.env.STUCK_AFTER_MINUTES * 60_000 };
}
