import type { Ctx } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { operationAnomalies } from "@/lib/lifecycle/anomalies";
import { reduceExecution } from "@/lib/lifecycle/execution";
import { reduceOperation } from "@/lib/lifecycle/operation";
import type { ExecutionPayload, LifecycleEvent, OperationPayload } from "@/lib/lifecycle/types";
import type { OperationDetail } from "@/lib/schemas/operations";
import { operationSummary, stuckRule } from "./view";

type Row = { id: string; externalId: string; type: string; status: string | null; eventTime: Date | null; receivedAt: Date; payload: string; subjectId: string | null };
const asEvent = <P>(r: Row): LifecycleEvent<P> => ({ notificationId: r.externalId, receivedAt: r.receivedAt, payload: JSON.parse(r.payload) as P });

/** Detail is recomputed from the events on read, so it can never disagree with them. */
export async function getOperation(ctx: Ctx, id: string): Promise<OperationDetail> {
  const db = ctx.db;
  const opts = stuckRule(ctx);
  const op = await db.operation.findUnique({ where: { id } });
  const events = await db.event.findMany({
    where: { provider: "zerohash", operationId: id },
    orderBy: [{ eventTime: "asc" }, { receivedAt: "asc" }],
    select: { id: true, externalId: true, type: true, status: true, eventTime: true, receivedAt: true, payload: true, subjectId: true, subjectType: true },
  });
  if (!op && events.length === 0) throw new AppError("not_found", `operation ${id} not found`);

  const opReduced = reduceOperation(events.filter((e) => e.subjectType === "operation").map(asEvent<OperationPayload>));
  const byExecution = new Map<string, Row[]>();
  for (const e of events) if (e.subjectType === "execution" && e.subjectId) byExecution.set(e.subjectId, [...(byExecution.get(e.subjectId) ?? []), e]);
  const executions = [...byExecution.values()]
    .map((rows) => reduceExecution(rows.map(asEvent<ExecutionPayload>)))
    .filter((r) => r !== null)
    .sort((a, b) => a.state.participant_code.localeCompare(b.state.participant_code) || a.state.id.localeCompare(b.state.id));

  const anomalies = [
    ...(opReduced?.anomalies ?? []),
    ...operationAnomalies(opReduced?.state ?? null, executions.map((e) => e.state), opts),
  ];
  return {
    operation: op ? operationSummary(op, opts.now, opts.sla) : null,
    transitions: opReduced?.transitions ?? [],
    executions: executions.map((e) => ({
      id: e.state.id,
      participant_code: e.state.participant_code,
      trader_id: e.state.trader_id,
      account_label: e.state.account_label,
      status: e.state.status,
      status_reason: e.state.status_reason,
      created_at: e.state.created_at,
      updated_at: e.state.updated_at,
      instructions: e.state.instructions,
      transitions: e.transitions,
      anomalies: e.anomalies,
    })),
    anomalies,
    events: events.map((e) => ({
      id: e.id,
      notification_id: e.externalId,
      type: e.type,
      status: e.status,
      event_time: e.eventTime?.toISOString() ?? null,
      received_at: e.receivedAt.toISOString(),
      payload: e.payload,
    })),
  };
}
