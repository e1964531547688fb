// Pure decision (lib/lifecycle reducers over the entity's full event set), then write.
// Rebuilding from the whole set on every event is what makes arrival order irrelevant.
import { reduceExecution } from "@/lib/lifecycle/execution";
import { reduceOperation } from "@/lib/lifecycle/operation";
import type { LifecycleEvent } from "@/lib/lifecycle/types";
import type { EventRecord, Tx } from "@/lib/intake/types";
import type { ExecutionPayload, OperationPayload, TraderPayload, ZerohashEvent } from "@/lib/providers/zerohash/schema";
import { dbProvider } from "@/lib/db";

const PROVIDER = "zerohash";

/** Serialises projections of one entity across concurrent transactions (PostgreSQL). SQLite
 *  transactions already hold the single write lock from their first insert. */
async function lockSubject(tx: Tx, subjectType: string, subjectId: string) {
  if (dbProvider() !== "postgres") return;
  await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext($1))", `${subjectType}:${subjectId}`);
}

async function subjectEvents<P>(tx: Tx, subjectType: string, subjectId: string): Promise<LifecycleEvent<P>[]> {
  const rows = await tx.event.findMany({
    where: { provider: PROVIDER, subjectType, subjectId },
    select: { externalId: true, receivedAt: true, payload: true },
  });
  return rows.map((r) => ({ notificationId: r.externalId, receivedAt: r.receivedAt, payload: JSON.parse(r.payload) as P }));
}

const toDate = (s: string | undefined | null) => (s ? new Date(s) : null);

async function projectOperation(tx: Tx, id: string) {
  await lockSubject(tx, "operation", id);
  const r = reduceOperation(await subjectEvents<OperationPayload>(tx, "operation", id));
  if (!r) return;
  const s = r.state;
  const data = {
    strategyId: s.strategy_id,
    requestId: s.request_id,
    type: s.type,
    status: s.status,
    statusReason: s.status_reason,
    allocations: JSON.stringify(s.allocations),
    createdAt: toDate(s.created_at),
    updatedAt: toDate(s.last_event_at),
    firstReceivedAt: new Date(s.first_received_at),
    lastReceivedAt: new Date(s.last_received_at),
    eventCount: s.event_count,
    anomalies: JSON.stringify(r.anomalies),
    anomalyCount: r.anomalies.length,
  };
  await tx.operation.upsert({ where: { id }, create: { id, ...data }, update: { ...data, version: { increment: 1 } } });
}

async function projectExecution(tx: Tx, id: string) {
  await lockSubject(tx, "execution", id);
  const r = reduceExecution(await subjectEvents<ExecutionPayload>(tx, "execution", id));
  if (!r) return;
  const s = r.state;
  const data = {
    operationId: s.operation_id,
    strategyId: s.strategy_id,
    traderId: s.trader_id,
    participantCode: s.participant_code,
    accountLabel: s.account_label,
    status: s.status,
    statusReason: s.status_reason,
    instructions: JSON.stringify(s.instructions),
    createdAt: toDate(s.created_at),
    updatedAt: toDate(s.updated_at),
    lastReceivedAt: new Date(s.last_received_at),
    eventCount: s.event_count,
    anomalies: JSON.stringify(r.anomalies),
  };
  await tx.execution.upsert({ where: { id }, create: { id, ...data }, update: { ...data, version: { increment: 1 } } });
}

async function projectTrader(tx: Tx, p: TraderPayload) {
  await lockSubject(tx, "trader", p.id);
  // trader.created is sent once; should it come twice with different ids, the latest updated_at wins.
  const existing = await tx.trader.findUnique({ where: { id: p.id }, select: { updatedAt: true } });
  if (existing?.updatedAt && existing.updatedAt > new Date(p.updated_at)) return;
  const data = {
    strategyId: p.strategy_id,
    participantCode: p.participant_code,
    accountLabel: p.account_label,
    autoRebalance: p.auto_rebalance,
    createdAt: toDate(p.created_at),
    updatedAt: toDate(p.updated_at),
    receivedAt: new Date(),
  };
  await tx.trader.upsert({ where: { id: p.id }, create: { id: p.id, ...data }, update: data });
}

/**
 * zerohash strategies are containers without a lifecycle webhook: the row records that the
 * strategy exists and how much arrived for it, so the provider-neutral strategies list covers both
 * providers. Counts come from the event set, so order and duplicates do not matter.
 */
async function projectZerohashStrategy(tx: Tx, strategyId: string) {
  await lockSubject(tx, "strategy", strategyId);
  const agg = await tx.event.aggregate({
    where: { provider: PROVIDER, strategyId },
    _count: { _all: true },
    _min: { receivedAt: true, eventTime: true },
    _max: { receivedAt: true, eventTime: true },
  });
  if (!agg._min.receivedAt || !agg._max.receivedAt) return;
  const data = {
    provider: PROVIDER,
    status: "active",
    createdAt: agg._min.eventTime,
    updatedAt: agg._max.eventTime,
    firstReceivedAt: agg._min.receivedAt,
    lastReceivedAt: agg._max.receivedAt,
    eventCount: agg._count._all,
  };
  await tx.strategy.upsert({ where: { id: strategyId }, create: { id: strategyId, ...data }, update: { ...data, version: { increment: 1 } } });
}

export async function projectZerohash(tx: Tx, record: EventRecord, ev: ZerohashEvent) {
  switch (ev.kind) {
    case "operation":
      await projectOperation(tx, ev.payload.id);
      break;
    case "execution":
      await projectExecution(tx, ev.payload.id);
      break;
    case "trader":
      await projectTrader(tx, ev.payload);
      break;
    case "unmodelled":
      return;
  }
  if (record.strategyId) await projectZerohashStrategy(tx, record.strategyId);
}

export function zerohashRecord(ev: ZerohashEvent, payloadType: string): EventRecord {
  const base = { type: payloadType, subjectType: null, subjectId: null, operationId: null, strategyId: null, status: null, statusReason: null, eventTime: null };
  switch (ev.kind) {
    case "operation": {
      const p = ev.payload;
      return { ...base, subjectType: "operation", subjectId: p.id, operationId: p.id, strategyId: p.strategy_id, status: p.status, statusReason: p.status_reason, eventTime: toDate(p.updated_at) };
    }
    case "execution": {
      const p = ev.payload;
      return { ...base, subjectType: "execution", subjectId: p.id, operationId: p.operation_id, strategyId: p.strategy_id, status: p.status, statusReason: p.status_reason, eventTime: toDate(p.updated_at) };
    }
    case "trader": {
      const p = ev.payload;
      return { ...base, subjectType: "trader", subjectId: p.id, strategyId: p.strategy_id, eventTime: toDate(p.updated_at) };
    }
    case "unmodelled":
      return base;
  }
}
