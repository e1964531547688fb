// raw read → verify → parse → one transaction (event + projection + relay delivery + inbound row).
// Every request ends in exactly one inbound-log row, whatever happens.
//
// The storage steps are Work generators (lib/server/sql/work.ts) run by the intake's own
// connection: synchronous between BEGIN IMMEDIATE and COMMIT on SQLite, an await per statement on
// PostgreSQL. The same function serves the Next.js route handlers and the production server's
// direct intake listener (lib/server/http/intake.ts).
import { uuidv7 } from "@/lib/ids";
import { getEnv } from "@/lib/env";
import { logRejectedWebhook } from "@/lib/log";
import { enqueueDelivery } from "@/lib/server/relay/outbox";
import { insertRow } from "@/lib/server/sql/insert";
import { getSqlStore, isUniqueViolation } from "@/lib/server/sql/store";
import { first, type Work } from "@/lib/server/sql/work";
import { bodyForStorage, readBodyCapped, type BodyRead } from "./read-body";
import type { ProviderAdapter } from "./types";

export type IntakeOutcome =
  | { kind: "accepted"; inboundId: string; eventId: string }
  | { kind: "duplicate"; inboundId: string }
  | { kind: "rejected"; inboundId: string; status: 400 | 401 | 413; reason: string }
  /** Storage failed: nothing was committed, the provider gets a 5xx and retries. */
  | { kind: "error"; inboundId: string | null };

/** What the pipeline needs of a request, whichever server received it. */
export type IntakeRequest = { headers: Headers; readBody: () => Promise<BodyRead> };

const fromFetchRequest = (req: Request): IntakeRequest => ({ headers: req.headers, readBody: () => readBodyCapped(req) });

type Meta = ReturnType<ProviderAdapter<unknown>["meta"]>;

export async function ingest<T>(provider: ProviderAdapter<T>, req: IntakeRequest | Request, clock: () => number = Date.now): Promise<IntakeOutcome> {
  const request = req instanceof Request ? fromFetchRequest(req) : req;
  const env = getEnv();
  const store = getSqlStore();
  const meta: Meta = provider.meta(request.headers);
  const receivedAt = new Date(clock());
  const inboundBase = {
    provider: provider.name,
    payloadType: meta.payloadType,
    externalId: meta.externalId,
    deliveryId: meta.deliveryId ?? null,
    deliveryAttempt: meta.deliveryAttempt ?? null,
    receivedAt,
    headers: JSON.stringify(provider.redact(request.headers)),
  };

  /** The inbound-log row of a request that stored nothing else; its id, or null if even that failed. */
  const logInbound = async (row: { outcome: "rejected" | "error"; httpStatus: number; reason: string; rawBody: string; bodyEncoding?: string }) => {
    const id = uuidv7();
    try {
      await store.execute(() => insertRow("InboundRequest", { id, ...inboundBase, ...row }));
      return id;
    } catch (e) {
      console.error(`[intake] ${provider.name} ${meta.externalId}: could not log the request (${row.outcome}: ${row.reason}):`, (e as Error).message);
      return null;
    }
  };

  const logRejection = async (status: 400 | 401 | 413, reason: string, rawBody = "", bodyEncoding = "utf8"): Promise<IntakeOutcome> => {
    const id = await logInbound({ outcome: "rejected", httpStatus: status, reason, rawBody, bodyEncoding });
    logRejectedWebhook(provider.name, reason, id);
    // Unlogged, the rejection would vanish: answer 5xx so the sender tries again later.
    return id ? { kind: "rejected", inboundId: id, status, reason } : { kind: "error", inboundId: null };
  };

  const body = await request.readBody();
  if (!body.ok) {
    if ("aborted" in body) return logRejection(400, `request aborted by the sender after ${body.seen} body bytes; not stored`);
    return logRejection(413, `body larger than 1 MiB (${body.seen || request.headers.get("content-length")} bytes); not stored`);
  }
  const stored = bodyForStorage(body.bytes);

  const verified = provider.verify(body.bytes, request.headers, env, clock());
  if (!verified.ok) return logRejection(401, verified.reason, stored.text, stored.encoding);

  if (!meta.payloadType) return logRejection(400, "missing payload type header", stored.text, stored.encoding);
  if (!meta.externalId) return logRejection(400, "missing notification id header", stored.text, stored.encoding);
  if (stored.encoding !== "utf8") return logRejection(400, "body is not valid UTF-8 JSON", stored.text, stored.encoding);

  let json: unknown;
  try {
    json = JSON.parse(stored.text);
  } catch (e) {
    return logRejection(400, `body is not JSON: ${(e as Error).message}`, stored.text);
  }
  const parsed = provider.parse(meta.payloadType, json);
  if (!parsed.ok) return logRejection(400, parsed.reason, stored.text);
  const disagreement = provider.consistency?.(parsed.value, meta) ?? null;
  if (disagreement) return logRejection(400, disagreement, stored.text);

  const externalId = meta.externalId;
  const value = parsed.value;
  const record = provider.record(parsed.value, meta.payloadType);
  const inbound = { ...inboundBase, rawBody: stored.text };

  function* accept(): Work<IntakeOutcome> {
    // The unique (provider, externalId) is the idempotency check: a duplicate throws here and the
    // whole transaction rolls back, so a duplicate can change nothing.
    const eventId = uuidv7();
    yield* insertRow("Event", { id: eventId, provider: provider.name, externalId, ...record, receivedAt, payload: stored.text });
    yield* provider.project(record, value, { receivedAt });
    yield* enqueueDelivery({
      eventId,
      type: record.type,
      source: provider.name,
      receivedAt,
      rawPayload: stored.text,
      operationId: record.operationId,
      strategyId: record.strategyId,
    });
    const inboundId = uuidv7();
    yield* insertRow("InboundRequest", { id: inboundId, ...inbound, outcome: "accepted", httpStatus: 200, eventId });
    return { kind: "accepted", inboundId, eventId };
  }

  function* duplicate(): Work<IntakeOutcome | null> {
    const original = yield* first<{ id: string }>(`SELECT "id" FROM "Event" WHERE "provider" = ? AND "externalId" = ?`, [provider.name, externalId]);
    // A unique violation that is not this event's own id (a projection row clashing) is no duplicate.
    if (!original) return null;
    const inboundId = uuidv7();
    yield* insertRow("InboundRequest", { id: inboundId, ...inbound, outcome: "duplicate", httpStatus: 200, eventId: original.id, reason: "notification id already received" });
    return { kind: "duplicate", inboundId };
  }

  // Nothing was committed: log the request as an error and answer 5xx so the provider retries.
  const storageError = async (e: unknown, what: string, reason: string): Promise<IntakeOutcome> => {
    console.error(`[intake] ${provider.name} ${externalId}: ${what}:`, (e as Error).message);
    return { kind: "error", inboundId: await logInbound({ outcome: "error", httpStatus: 500, reason, rawBody: stored.text }) };
  };

  try {
    return await store.transaction(accept);
  } catch (e) {
    if (!isUniqueViolation(e)) return storageError(e, "storage failed", "storage failed; nothing committed, provider will retry");
    try {
      return (await store.execute(duplicate)) ?? (await storageError(e, "unique violation without a stored event", "conflict while storing; nothing committed, provider will retry"));
    } catch (e2) {
      return storageError(e2, "storage failed while recording a duplicate", "storage failed; nothing committed, provider will retry");
    }
  }
}

/** Status and JSON body of the answer to the provider. */
export function outcomeAnswer(o: IntakeOutcome): { status: number; body: Record<string, unknown> } {
  switch (o.kind) {
    case "accepted":
      return { status: 200, body: { received: true, id: o.inboundId } };
    case "duplicate":
      return { status: 200, body: { received: true, duplicate: true, id: o.inboundId } };
    case "rejected":
      return { status: o.status, body: { received: false, error: o.reason, id: o.inboundId } };
    case "error":
      return { status: 503, body: { received: false, error: "temporary storage failure, retry later" } };
  }
}

export function outcomeToResponse(o: IntakeOutcome): Response {
  const a = outcomeAnswer(o);
  return Response.json(a.body, { status: a.status });
}
