// Pure decision (lib/lifecycle reducers over the entity's full event set), then write.
// Rebuilding from the whole set on every event is what makes arrival order irrelevant.
// Steps of the intake transaction (lib/server/sql/work.ts): the same code on SQLite and PostgreSQL.
import { reduceExecution } from "@/lib/lifecycle/execution";
import { reduceOperation } from "@/lib/lifecycle/operation";
import type { EventRecord, ProjectionContext } from "@/lib/intake/types";
import type { ExecutionPayload, OperationPayload, TraderPayload, ZerohashEvent } from "@/lib/providers/zerohash/schema";
import {
  sendExecutionReads,
  sendOpenAnomalies,
  sendTraderReads,
  syncExecutionAnomalies,
  syncOperationAnomalies,
  syncTraderAnomalies,
  type ExecutionReadsAhead,
  type OpenRow,
} from "@/lib/server/anomalies/sync";
import { upsertRow } from "@/lib/server/sql/insert";
import { asDate, first, lock, write, type Sent, type Work } from "@/lib/server/sql/work";
import { lockedEventSetWith } from "./events";

const PROVIDER = "zerohash";

const toDate = (s: string | undefined | null) => (s ? new Date(s) : null);

function* projectOperation(id: string, at: Date): Work<void> {
  const [events, open] = yield* lockedEventSetWith<OperationPayload, Sent<OpenRow>>(PROVIDER, { subjectType: "operation", subjectId: id }, () => sendOpenAnomalies("operation", id));
  const r = reduceOperation(events);
  if (!r) return;
  const s = r.state;
  yield* upsertRow(
    "Operation",
    {
      id,
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
    },
    { version: true },
  );
  yield* syncOperationAnomalies(r, at, open);
}

function* projectExecution(id: string, operationId: string | null, at: Date): Work<void> {
  const [events, ahead] = yield* lockedEventSetWith<ExecutionPayload, ExecutionReadsAhead>(PROVIDER, { subjectType: "execution", subjectId: id }, () => sendExecutionReads(id, operationId));
  const r = reduceExecution(events);
  if (!r) return;
  const s = r.state;
  yield* upsertRow(
    "Execution",
    {
      id,
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
    },
    { version: true },
  );
  yield* syncExecutionAnomalies(r, at, ahead);
}

function* projectTrader(p: TraderPayload, receivedAt: Date): Work<void> {
  yield* lock(`trader:${p.id}`);
  // read with the trader row, in its round trip
  const ahead = yield* sendTraderReads(p.id);
  // trader.created is sent once; should it come twice with different ids, the latest updated_at wins.
  const existing = yield* first<{ updatedAt: unknown }>(`SELECT "updatedAt" FROM "Trader" WHERE "id" = ?`, [p.id]);
  if (existing?.updatedAt != null && asDate(existing.updatedAt) > new Date(p.updated_at)) return;
  yield* upsertRow("Trader", {
    id: p.id,
    strategyId: p.strategy_id,
    participantCode: p.participant_code,
    accountLabel: p.account_label,
    autoRebalance: p.auto_rebalance,
    createdAt: toDate(p.created_at),
    updatedAt: toDate(p.updated_at),
    receivedAt,
  });
  yield* syncTraderAnomalies(p, receivedAt, ahead);
}

/**
 * zerohash strategies are containers without a lifecycle webhook: the row records that the
 * strategy exists and how much arrived for it, so the provider-neutral strategies list covers both
 * providers. One atomic upsert folds this event in with count +1 and min/max of the times: those
 * folds commute, so arrival order does not matter, and a duplicate never gets here (its event
 * insert already failed). Constant cost per event and no lock, however busy the strategy is.
 */
function* projectZerohashStrategy(strategyId: string, eventTime: Date | null, receivedAt: Date): Work<void> {
  yield* write(
    `INSERT INTO "Strategy" ("id", "provider", "status", "createdAt", "updatedAt", "firstReceivedAt", "lastReceivedAt", "eventCount")
    VALUES (?, ?, 'active', ?, ?, ?, ?, 1)
    ON CONFLICT ("id") DO UPDATE SET
      "eventCount" = "Strategy"."eventCount" + 1,
      "createdAt" = CASE WHEN excluded."createdAt" IS NOT NULL AND ("Strategy"."createdAt" IS NULL OR excluded."createdAt" < "Strategy"."createdAt") THEN excluded."createdAt" ELSE "Strategy"."createdAt" END,
      "updatedAt" = CASE WHEN excluded."updatedAt" IS NOT NULL AND ("Strategy"."updatedAt" IS NULL OR excluded."updatedAt" > "Strategy"."updatedAt") THEN excluded."updatedAt" ELSE "Strategy"."updatedAt" END,
      "firstReceivedAt" = CASE WHEN excluded."firstReceivedAt" IS NOT NULL AND ("Strategy"."firstReceivedAt" IS NULL OR excluded."firstReceivedAt" < "Strategy"."firstReceivedAt") THEN excluded."firstReceivedAt" ELSE "Strategy"."firstReceivedAt" END,
      "lastReceivedAt" = CASE WHEN excluded."lastReceivedAt" IS NOT NULL AND ("Strategy"."lastReceivedAt" IS NULL OR excluded."lastReceivedAt" > "Strategy"."lastReceivedAt") THEN excluded."lastReceivedAt" ELSE "Strategy"."lastReceivedAt" END,
      "version" = "Strategy"."version" + 1
    WHERE "Strategy"."provider" = ?`,
    [strategyId, PROVIDER, eventTime, eventTime, receivedAt, receivedAt, PROVIDER],
  );
}

export function* projectZerohash(record: EventRecord, ev: ZerohashEvent, ctx: ProjectionContext): Work<void> {
  switch (ev.kind) {
    case "operation":
      yield* projectOperation(ev.payload.id, ctx.receivedAt);
      break;
    case "execution":
      yield* projectExecution(ev.payload.id, ev.payload.operation_id || null, ctx.receivedAt);
      break;
    case "trader":
      yield* projectTrader(ev.payload, ctx.receivedAt);
      break;
    case "unmodelled":
      return;
  }
  if (record.strategyId) yield* projectZerohashStrategy(record.strategyId, record.eventTime, ctx.receivedAt);
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
