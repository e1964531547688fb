import type { Operation } from "@/lib/generated/sqlite/client";
import { stuckAnomaly, type StuckSla } from "@/lib/lifecycle/sla";
import type { OperationSummary } from "@/lib/schemas/operations";

export function operationSummary(o: Operation, now: Date, sla: StuckSla): OperationSummary {
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
    stuck: stuckAnomaly({ kind: "operation", id: o.id, status: o.status, since: o.updatedAt ?? o.lastReceivedAt }, now, sla) !== null,
  };
}

/** The stuck rule of the console's operation lists and pages: longer in a status than its HOOKSCOPE_STUCK_SLA. */
export function stuckRule(ctx: { now: Date; env: { HOOKSCOPE_STUCK_SLA: StuckSla } }) {
  return { now: ctx.now, sla: ctx.env.HOOKSCOPE_STUCK_SLA };
}
