// The intake's checks and its storage steps, shared by ingest() (./pipeline.ts), which runs them
// for one HTTP request under a deadline, and the benchmark's bulk loader (lib/testing/bulk-load.ts),
// which runs many requests per transaction: one definition of which request is accepted and of the
// rows an accepted, duplicate or rejected request leaves, so the two cannot drift apart.
import type { Env } from "@/lib/env";
import { uuidv7 } from "@/lib/ids";
import { eventChange, inboundChange } from "@/lib/live/changes";
import { enqueueDelivery } from "@/lib/server/relay/outbox";
import { insertRow } from "@/lib/server/sql/insert";
import type { Work } from "@/lib/server/sql/work";
import { bodyForStorage } from "./read-body";
import { clip, MAX_ID_LENGTH, MAX_REASON_LENGTH } from "./text";
import type { EventRecord, ProviderAdapter } from "./types";

export type Meta = ReturnType<ProviderAdapter<unknown>["meta"]>;

/** The inbound-log columns a provider's headers give, clipped so that hostile values fit. */
export function inboundColumns(providerName: string, meta: Meta, headers: Record<string, string>, receivedAt: Date) {
  return {
    provider: providerName,
    payloadType: clip(meta.payloadType, MAX_ID_LENGTH),
    externalId: clip(meta.externalId, MAX_ID_LENGTH),
    deliveryId: clip(meta.deliveryId ?? null, MAX_ID_LENGTH),
    deliveryAttempt: meta.deliveryAttempt ?? null,
    receivedAt,
    headers: JSON.stringify(headers),
  };
}

export type InboundColumns = ReturnType<typeof inboundColumns>;

/** Header identifiers longer than the cap: a reason, or null when all fit. */
function oversizedIdentifier(meta: Meta): string | null {
  const ids: [string, string | null | undefined][] = [
    ["notification/event id header", meta.externalId],
    ["payload/event type header", meta.payloadType],
    ["delivery id header", meta.deliveryId],
  ];
  for (const [what, v] of ids) if (v && v.length > MAX_ID_LENGTH) return `${what} is ${v.length} characters long (at most ${MAX_ID_LENGTH})`;
  return null;
}

/** A request that passed every check: what storing it needs. */
export type Acceptable<T> = {
  externalId: string;
  payloadType: string;
  /** the body as stored (valid UTF-8 without NUL) and parsed */
  text: string;
  json: unknown;
  value: T;
  record: EventRecord;
  replayKey: string | null;
};

export type Examined<T> = ({ ok: true } & Acceptable<T>) | { ok: false; status: 400 | 401; reason: string };

/**
 * Every check a complete body goes through, in order: identifier lengths (before anything is
 * stored under them: PostgreSQL cannot index values this long), signature, routing headers,
 * encoding, JSON, the provider's schema and the headers' agreement with the body.
 */
export function examine<T>(provider: ProviderAdapter<T>, meta: Meta, headers: Headers, bytes: Buffer, env: Env, nowMs: number): Examined<T> {
  const oversized = oversizedIdentifier(meta);
  if (oversized) return { ok: false, status: 400, reason: oversized };
  const verified = provider.verify(bytes, headers, env, nowMs);
  if (!verified.ok) return { ok: false, status: 401, reason: verified.reason };
  if (!meta.payloadType) return { ok: false, status: 400, reason: "missing payload type header" };
  if (!meta.externalId) return { ok: false, status: 400, reason: "missing notification id header" };
  const stored = bodyForStorage(bytes);
  if (stored.encoding !== "utf8") return { ok: false, status: 400, reason: "body is not valid UTF-8 JSON (or holds a raw NUL byte)" };
  let json: unknown;
  try {
    json = JSON.parse(stored.text);
  } catch (e) {
    return { ok: false, status: 400, reason: `body is not JSON: ${(e as Error).message}` };
  }
  const parsed = provider.parse(meta.payloadType, json);
  if (!parsed.ok) return { ok: false, status: 400, reason: parsed.reason };
  const disagreement = provider.consistency?.(parsed.value, meta) ?? null;
  if (disagreement) return { ok: false, status: 400, reason: disagreement };
  return {
    ok: true,
    externalId: meta.externalId,
    payloadType: meta.payloadType,
    text: stored.text,
    json,
    value: parsed.value,
    record: provider.record(parsed.value, meta.payloadType),
    replayKey: verified.replayKey ?? null,
  };
}

function* noCheck(): Work<void> {}

/**
 * The rows of an accepted event, in one transaction: the event (whose unique (provider, externalId)
 * and (provider, replayKey) make a duplicate or a replay throw here, before anything else is
 * written), its projections, its relay delivery, the inbound-log row and the change-feed row.
 * `checkpoint` runs before the inbound row: the intake's last chance to roll back past its deadline.
 */
export function* storeAccepted<T>(
  provider: ProviderAdapter<T>,
  a: Acceptable<T>,
  inbound: InboundColumns,
  checkpoint: () => Work<void> = noCheck,
): Work<{ eventId: string; inboundId: string }> {
  const { receivedAt } = inbound;
  const eventId = uuidv7();
  yield* insertRow("Event", { id: eventId, provider: provider.name, externalId: a.externalId, ...a.record, receivedAt, payload: a.text, replayKey: a.replayKey });
  yield* provider.project(a.record, a.value, { receivedAt, externalId: a.externalId, payload: a.json });
  yield* enqueueDelivery({
    eventId,
    type: a.record.type,
    source: provider.name,
    receivedAt,
    rawPayload: a.text,
    operationId: a.record.operationId,
    strategyId: a.record.strategyId,
  });
  yield* checkpoint();
  const inboundId = uuidv7();
  yield* insertRow("InboundRequest", { id: inboundId, ...inbound, rawBody: a.text, outcome: "accepted", httpStatus: 200, eventId });
  yield* eventChange(eventId, a.record, receivedAt);
  return { eventId, inboundId };
}

/** The inbound-log row of a notification received before (2xx, nothing else stored). */
export function* storeDuplicate(inbound: InboundColumns, rawBody: string, originalEventId: string): Work<string> {
  const inboundId = uuidv7();
  yield* insertRow("InboundRequest", { id: inboundId, ...inbound, rawBody, outcome: "duplicate", httpStatus: 200, eventId: originalEventId, reason: "notification id already received" });
  yield* inboundChange(inboundId, "duplicate", inbound.receivedAt);
  return inboundId;
}

/** What the inbound log keeps of a request that stored nothing else. */
export type LoggedRow = {
  outcome: "rejected" | "error";
  httpStatus: number;
  reason: string;
  rawBody: string;
  bodyEncoding?: string;
  bodyLength?: number | null;
  bodySha256?: string | null;
};

/** The inbound-log row (and its change-feed row) of a rejected or failed request. */
export function* storeLogged(inbound: InboundColumns, row: LoggedRow): Work<string> {
  const id = uuidv7();
  yield* insertRow("InboundRequest", { id, ...inbound, ...row, reason: clip(row.reason, MAX_REASON_LENGTH) });
  yield* inboundChange(id, row.outcome, inbound.receivedAt);
  return id;
}
