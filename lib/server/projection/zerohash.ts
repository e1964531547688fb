// Pure decision (lib/lifecycle reducers over the entity's full event set), then write.
// Rebuilding from the whole set on every event is what makes arrival order irrelevant.
import { reduceExecution } from "@/lib/lifecycle/execution";
import { reduceOperation } from "@/lib/lifecycle/operation";
import type { LifecycleEvent } from "@/lib/lifecycle/types";
import type { EventRecord, ProjectionContext, Tx } from "@/lib/intake/types";
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

async function projectTrader(tx: Tx, p: TraderPayload, receivedAt: Date) {
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
    receivedAt,
  };
  await tx.trader.upsert({ where: { id: p.id }, create: { id: p.id, ...data }, update: data });
}

/**
 * zerohash strategies are containers without a lifecycle webhook: the row records that the
 * strategy exists and how much arrived for it, so the provider-neutral strategies list covers both
 * providers. One atomic upsert folds this event in with count +1 and min/max of the times: those
 * folds commute, so arrival order does not matter, and a duplicate never gets here (its event
 * insert already failed). Constant cost per event and no lock, however busy the strategy is; the
 * old recount of the strategy's whole event set grew with every event. Plain SQL shared by SQLite
 * and PostgreSQL (Prisma's upsert cannot express "keep the smaller of the two").
 */
async function projectZerohashStrategy(tx: Tx, strategyId: string, eventTime: Date | null, receivedAt: Date) {
  await tx.$executeRaw`
    INSERT INTO "Strategy" ("id", "provider", "status", "createdAt", "updatedAt", "firstReceivedAt", "lastReceivedAt", "eventCount")
    VALUES (${strategyId}, ${PROVIDER}, 'active', ${eventTime}, ${eventTime}, ${receivedAt}, ${receivedAt}, 1)
    ON CONFLICT ("id") DO UPDATE SET
      "eventCount" = "Strategy"."eventCount" + 1,
      "createdAt" = CASE WHEN excluded."createdAt" IS NOT NULL AND ("Strategy"."createdAt" IS NULL OR excluded."createdAt" < "Strategy"."createdAt") THEN excluded."createdAt" ELSE "Strategy"."createdAt" END,
      "updatedAt" = CASE WHEN excluded."updatedAt" IS NOT NULL AND ("Strategy"."updatedAt" IS NULL OR excluded."updatedAt" > "Strategy"."updatedAt") THEN excluded."updatedAt" ELSE "Strategy"."updatedAt" END,
      "firstReceivedAt" = CASE WHEN excluded."firstReceivedAt" IS NOT NULL AND ("Strategy"."firstReceivedAt" IS NULL OR excluded."firstReceivedAt" < "Strategy"."firstReceivedAt") THEN excluded."firstReceivedAt" ELSE "Strategy"."firstReceivedAt" END,
      "lastReceivedAt" = CASE WHEN excluded."lastReceivedAt" IS NOT NULL AND ("Strategy"."lastReceivedAt" IS NULL OR excluded."lastReceivedAt" > "Strategy"."lastReceivedAt") THEN excluded."lastReceivedAt" ELSE "Strategy"."lastReceivedAt" END,
      "version" = "Strategy"."version" + 1
    WHERE "Strategy"."provider" = ${PROVIDER}`;
}

export async function projectZerohash(tx: Tx, record: EventRecord, ev: ZerohashEvent, ctx: ProjectionContext) {
  switch (ev.kind) {
    case "operation":
      await projectOperation(tx, ev.payload.id);
      break;
    case "execution":
      await projectExecution(tx, ev.payload.id);
      break;
    case "trader":
      await projectTrader(tx, ev.payload, ctx.receivedAt);
      break;
    case "unmodelled":
      return;
  }
  if (record.strategyId) await projectZerohashStrategy(tx, record.strategyId, record.eventTime, ctx.receivedAt);
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
