import type { Env } from "@/lib/env";
import type { Work } from "@/lib/server/sql/work";

/** What the store needs to know about an accepted event, independent of the provider. */
export type EventRecord = {
  type: string;
  subjectType: string | null;
  subjectId: string | null;
  operationId: string | null;
  strategyId: string | null;
  status: string | null;
  statusReason: string | null;
  eventTime: Date | null;
};

/** Facts of the request being ingested that projections may record. */
export type ProjectionContext = {
  receivedAt: Date;
  /** the notification / event id the event is stored under */
  externalId: string;
  /** the body as stored, parsed (what a projection reading stored events would see) */
  payload: unknown;
};

/**
 * replayKey: identifies the signed request (zerohash timestamped schemes). Stored unique per
 * provider with the event, so the same signed bytes under another notification id are refused.
 */
export type Verified = { ok: true; replayKey?: string } | { ok: false; reason: string };
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** One inbound provider. registry.ts is the only place routes look these up. */
export type ProviderAdapter<T> = {
  name: string;
  /** Routing / idempotency metadata read from headers before anything is trusted. */
  meta(headers: Headers): { payloadType: string | null; externalId: string | null; deliveryId?: string | null; deliveryAttempt?: number | null };
  verify(raw: Buffer, headers: Headers, env: Env, nowMs: number): Verified;
  parse(payloadType: string, json: unknown): Parsed<T>;
  /** Optional check that the routing headers agree with the parsed body; a message = 400, logged. */
  consistency?(value: T, meta: { payloadType: string | null; externalId: string | null }): string | null;
  record(value: T, payloadType: string): EventRecord;
  /** Rebuilds the projections touched by this event, as steps of the intake transaction. */
  project(record: EventRecord, value: T, ctx: ProjectionContext): Work<void>;
  redact(headers: Headers): Record<string, string>;
};
