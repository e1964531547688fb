// raw read → verify → parse → one transaction (event + projection + relay delivery + inbound row).
// Every request ends in exactly one inbound-log row, whatever happens (a request answered 503 at
// the deadline may get a second one, see below).
//
// The storage steps are Work generators (lib/server/sql/work.ts) run by the intake's own
// connection: synchronous between BEGIN IMMEDIATE and COMMIT on SQLite, an await per statement on
// PostgreSQL. The same function serves the Next.js route handlers and the production server's
// direct intake listener (lib/server/http/intake.ts).
import { uuidv7 } from "@/lib/ids";
import { getEnv } from "@/lib/env";
import { eventChange, inboundChange } from "@/lib/live/changes";
import { allowListRedactor } from "@/lib/providers/redact";
import { logRejectedWebhook } from "@/lib/log";
import { enqueueDelivery } from "@/lib/server/relay/outbox";
import { insertRow } from "@/lib/server/sql/insert";
import { getSqlStore, isUniqueViolation } from "@/lib/server/sql/store";
import { first, type Work } from "@/lib/server/sql/work";
import { bodyForStorage, readBodyCapped, rejectedBodyForStorage, type BodyRead, type RejectedBody } from "./read-body";
import { clip, MAX_ID_LENGTH, MAX_REASON_LENGTH } from "./text";
import type { ProviderAdapter } from "./types";

export type RejectStatus = 400 | 401 | 404 | 405 | 413;

export type IntakeOutcome =
  | { kind: "accepted"; inboundId: string; eventId: string }
  | { kind: "duplicate"; inboundId: string }
  | { kind: "rejected"; inboundId: string; status: RejectStatus; reason: string }
  /** Storage failed or missed the deadline: the provider gets a 503 and retries. */
  | { kind: "error"; inboundId: string | null };

/** What the pipeline needs of a request, whichever server received it. */
export type IntakeRequest = { headers: Headers; readBody: () => Promise<BodyRead> };

const fromFetchRequest = (req: Request): IntakeRequest => ({ headers: req.headers, readBody: () => readBodyCapped(req) });

type Meta = ReturnType<ProviderAdapter<unknown>["meta"]>;

/** What the answer to a failed or late store is; it is also what the inbound row records. */
const UNAVAILABLE = 503;

/** Thrown inside a transaction whose request was already answered 503: it must not commit. */
class PastDeadline extends Error {}

const TIMED_OUT = Symbol("timed out");

/** `p`, or TIMED_OUT once `at` (performance.now() time) has passed. `p` keeps running. */
function beforeDeadline<T>(p: Promise<T>, at: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, at - performance.now()))));
  // a late failure has nobody left to hear it
  p.catch(() => {});
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** The inbound-log columns a provider's headers give, clipped so that hostile values fit. */
function inboundColumns(providerName: string, meta: Meta, headers: Record<string, string>, receivedAt: Date) {
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

export async function ingest<T>(provider: ProviderAdapter<T>, req: IntakeRequest | Request, clock: () => number = Date.now): Promise<IntakeOutcome> {
  const request = req instanceof Request ? fromFetchRequest(req) : req;
  const env = getEnv();
  const store = getSqlStore();
  const meta: Meta = provider.meta(request.headers);
  const receivedAt = new Date(clock());
  const inboundBase = inboundColumns(provider.name, meta, provider.redact(request.headers), receivedAt);

  // The deadline counts from the end of the body: a slow sender is not the database's delay.
  let deadline = Infinity;
  const timeoutMs = env.HOOKSCOPE_INTAKE_TIMEOUT_MS;
  /** A step of a transaction that has no business committing once the 503 was sent. */
  // eslint-disable-next-line require-yield -- a Work step that only checks, so it composes with yield*
  function* inTime(): Work<void> {
    if (performance.now() > deadline) throw new PastDeadline();
  }

  type LogRow = { outcome: "rejected" | "error"; httpStatus: number; reason: string; rawBody: string; bodyEncoding?: string; bodyLength?: number | null; bodySha256?: string | null };
  /** The inbound-log row of a request that stored nothing else; its id, or null if even that failed. */
  const logInbound = async (row: LogRow, bounded: boolean) => {
    const id = uuidv7();
    try {
      await store.execute(function* () {
        if (bounded) yield* inTime();
        yield* insertRow("InboundRequest", { id, ...inboundBase, ...row, reason: clip(row.reason, MAX_REASON_LENGTH) });
        yield* inboundChange(id, row.outcome, receivedAt);
      });
      return id;
    } catch (e) {
      if (!(e instanceof PastDeadline)) console.error(`[intake] ${provider.name} ${inboundBase.externalId}: could not log the request (${row.outcome}: ${row.reason}):`, (e as Error).message);
      return null;
    }
  };

  /** The request was answered 503 at the deadline: say so in the log, whenever the database can. */
  const logLate = (what: string, body: Pick<LogRow, "rawBody" | "bodyEncoding" | "bodyLength" | "bodySha256">) => {
    void logInbound(
      {
        outcome: "error",
        httpStatus: UNAVAILABLE,
        reason: `storage did not answer within ${timeoutMs} ms (${what}); answered 503, the provider will retry (if the event was stored after all, the retry is a duplicate)`,
        ...body,
      },
      false,
    );
    return { kind: "error", inboundId: null } as const;
  };

  /** `bytes`: the body, when it was read (kept truncated, rejectedBodyForStorage). */
  const logRejection = async (status: RejectStatus, reason: string, bytes?: Buffer): Promise<IntakeOutcome> => {
    const kept: Pick<LogRow, "rawBody" | "bodyEncoding" | "bodyLength" | "bodySha256"> = bytes ? rejectedBodyForStorage(bytes) : { rawBody: "" };
    const logged = await beforeDeadline(logInbound({ outcome: "rejected", httpStatus: status, reason, ...kept }, true), deadline);
    if (logged === TIMED_OUT) return logLate(`logging a ${status}: ${clip(reason, 200)}`, kept);
    logRejectedWebhook(provider.name, reason, logged || null);
    // Unlogged, the rejection would vanish: answer 5xx so the sender tries again later.
    return logged ? { kind: "rejected", inboundId: logged, status, reason } : { kind: "error", inboundId: null };
  };

  const body = await request.readBody();
  deadline = performance.now() + timeoutMs;
  if (!body.ok) {
    if ("malformed" in body) return logRejection(400, `malformed request body (broken HTTP framing after ${body.seen} body bytes); not stored`);
    if ("aborted" in body) return logRejection(400, `request aborted by the sender after ${body.seen} body bytes; not stored`);
    return logRejection(413, `body larger than 1 MiB (${body.seen || clip(request.headers.get("content-length"), 40)} bytes); not stored`);
  }
  const stored = bodyForStorage(body.bytes);

  // before anything is stored under them: PostgreSQL cannot index values this long
  const oversized = oversizedIdentifier(meta);
  if (oversized) return logRejection(400, oversized, body.bytes);

  const verified = provider.verify(body.bytes, request.headers, env, clock());
  if (!verified.ok) return logRejection(401, verified.reason, body.bytes);

  if (!meta.payloadType) return logRejection(400, "missing payload type header", body.bytes);
  if (!meta.externalId) return logRejection(400, "missing notification id header", body.bytes);
  if (stored.encoding !== "utf8") return logRejection(400, "body is not valid UTF-8 JSON (or holds a raw NUL byte)", body.bytes);

  let json: unknown;
  try {
    json = JSON.parse(stored.text);
  } catch (e) {
    return logRejection(400, `body is not JSON: ${(e as Error).message}`, body.bytes);
  }
  const parsed = provider.parse(meta.payloadType, json);
  if (!parsed.ok) return logRejection(400, parsed.reason, body.bytes);
  const disagreement = provider.consistency?.(parsed.value, meta) ?? null;
  if (disagreement) return logRejection(400, disagreement, body.bytes);

  const externalId = meta.externalId;
  const payloadType = meta.payloadType;
  const replayKey = verified.replayKey ?? null;
  const value = parsed.value;
  const record = provider.record(parsed.value, meta.payloadType);
  const inbound = { ...inboundBase, rawBody: stored.text };
  let truncated: RejectedBody | undefined;
  /** Computed once: a replay found by the clash check is a rejection like any other. */
  const rejectedBody = () => (truncated ??= rejectedBodyForStorage(body.bytes));

  function* accept(): Work<IntakeOutcome> {
    yield* inTime();
    // The unique (provider, externalId) is the idempotency check, and the unique (provider,
    // replayKey) the replay check: a clash throws here and the whole transaction rolls back, so a
    // duplicate or a replay can change nothing.
    const eventId = uuidv7();
    yield* insertRow("Event", { id: eventId, provider: provider.name, externalId, ...record, receivedAt, payload: stored.text, replayKey });
    yield* provider.project(record, value, { receivedAt, externalId, payload: json });
    yield* enqueueDelivery({
      eventId,
      type: record.type,
      source: provider.name,
      receivedAt,
      rawPayload: stored.text,
      operationId: record.operationId,
      strategyId: record.strategyId,
    });
    // last chance to roll back a transaction that a lock held past the deadline
    yield* inTime();
    const inboundId = uuidv7();
    yield* insertRow("InboundRequest", { id: inboundId, ...inbound, outcome: "accepted", httpStatus: 200, eventId });
    yield* eventChange(eventId, record, receivedAt);
    return { kind: "accepted", inboundId, eventId };
  }

  /** After a unique clash: the same notification again (2xx), a replayed signature (401), or neither (null). */
  function* clash(): Work<IntakeOutcome | null> {
    yield* inTime();
    const original = yield* first<{ id: string; type: string; replayKey: string | null }>(
      `SELECT "id", "type", "replayKey" FROM "Event" WHERE "provider" = ? AND "externalId" = ?`,
      [provider.name, externalId],
    );
    // The same signed request under another payload type: the type header is not signed.
    const replayed = original ? replayKey !== null && original.replayKey === replayKey && original.type !== payloadType : replayKey !== null && (yield* first(`SELECT "id" FROM "Event" WHERE "provider" = ? AND "replayKey" = ?`, [provider.name, replayKey])) !== undefined;
    const inboundId = uuidv7();
    if (replayed) {
      const reason = "replayed signature";
      yield* insertRow("InboundRequest", { id: inboundId, ...inbound, ...rejectedBody(), outcome: "rejected", httpStatus: 401, reason });
      yield* inboundChange(inboundId, "rejected", receivedAt);
      return { kind: "rejected", inboundId, status: 401, reason };
    }
    // A unique violation that is neither (a projection row clashing) is no duplicate.
    if (!original) return null;
    yield* insertRow("InboundRequest", { id: inboundId, ...inbound, outcome: "duplicate", httpStatus: 200, eventId: original.id, reason: "notification id already received" });
    yield* inboundChange(inboundId, "duplicate", receivedAt);
    return { kind: "duplicate", inboundId };
  }

  let late = false;
  // Nothing was committed: log the request as an error; the provider gets a 503 and retries.
  const storageError = async (e: unknown, what: string, reason: string): Promise<IntakeOutcome> => {
    if (late || e instanceof PastDeadline) return { kind: "error", inboundId: null };
    console.error(`[intake] ${provider.name} ${externalId}: ${what}:`, (e as Error).message);
    return { kind: "error", inboundId: await logInbound({ outcome: "error", httpStatus: UNAVAILABLE, reason, rawBody: stored.text }, true) };
  };

  const storing = (async (): Promise<IntakeOutcome> => {
    try {
      return await store.transaction(accept);
    } catch (e) {
      if (!isUniqueViolation(e)) return storageError(e, "storage failed", "storage failed; nothing committed, provider will retry");
      try {
        return (await store.execute(clash)) ?? (await storageError(e, "unique violation without a stored event", "conflict while storing; nothing committed, provider will retry"));
      } catch (e2) {
        return storageError(e2, "storage failed while recording a duplicate", "storage failed; nothing committed, provider will retry");
      }
    }
  })();
  const outcome = await beforeDeadline(storing, deadline);
  if (outcome !== TIMED_OUT) return outcome;
  late = true;
  return logLate("storing the event", { rawBody: stored.text });
}

const ordinaryHeadersOnly = allowListRedactor([]);

/**
 * Logs a request to a webhook path that the intake refuses before reading it: a wrong method on a
 * provider's endpoint, or a path under /api/webhooks/ that names no endpoint. Its body is not read.
 */
export async function refuse(
  provider: ProviderAdapter<unknown> | { name: string },
  headers: Headers,
  status: 404 | 405,
  reason: string,
): Promise<IntakeOutcome> {
  const known = "meta" in provider;
  const meta: Meta = known ? provider.meta(headers) : { payloadType: null, externalId: null };
  const redacted = known ? provider.redact(headers) : ordinaryHeadersOnly(headers);
  const row = { id: uuidv7(), ...inboundColumns(provider.name, meta, redacted, new Date()), outcome: "rejected", httpStatus: status, reason: clip(reason, MAX_REASON_LENGTH), rawBody: "" };
  const deadline = performance.now() + getEnv().HOOKSCOPE_INTAKE_TIMEOUT_MS;
  const logged = await beforeDeadline(
    getSqlStore()
      .execute(function* () {
        yield* insertRow("InboundRequest", row);
        yield* inboundChange(row.id, "rejected", new Date());
      })
      .then(
        () => true,
        (e: Error) => (console.error(`[intake] could not log a refused request (${status}):`, e.message), false),
      ),
    deadline,
  );
  return logged === true ? { kind: "rejected", inboundId: row.id, status, reason } : { kind: "error", inboundId: null };
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
      return { status: UNAVAILABLE, body: { received: false, error: "temporary storage failure, retry later" } };
  }
}

export function outcomeToResponse(o: IntakeOutcome): Response {
  const a = outcomeAnswer(o);
  return Response.json(a.body, { status: a.status, headers: o.kind === "rejected" && o.status === 405 ? { allow: "POST" } : undefined });
}
