// raw read → checks → one transaction (event + projection + relay delivery + inbound row); the
// checks and the rows are ./steps.ts, which the benchmark's bulk loader shares.
// Every request ends in exactly one inbound-log row, whatever happens (a request answered 503 at
// the deadline may get a second one, see below).
//
// The storage steps are Work generators (lib/server/sql/work.ts) run by the intake's own
// connection: synchronous between BEGIN IMMEDIATE and COMMIT on SQLite, an await per statement on
// PostgreSQL. The same function serves the Next.js route handlers and the production server's
// direct intake listener (lib/server/http/intake.ts).
import { getEnv } from "@/lib/env";
import { allowListRedactor } from "@/lib/providers/redact";
import { logRejectedWebhook } from "@/lib/log";
import { getSqlStore, isUniqueViolation } from "@/lib/server/sql/store";
import { first, type Work } from "@/lib/server/sql/work";
import { readBodyCapped, rejectedBodyForStorage, type BodyRead, type RejectedBody } from "./read-body";
import { examine, inboundColumns, storeAccepted, storeDuplicate, storeLogged, type Acceptable, type LoggedRow, type Meta } from "./steps";
import { clip } from "./text";
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

  /** The inbound-log row of a request that stored nothing else; its id, or null if even that failed. */
  const logInbound = async (row: LoggedRow, bounded: boolean) => {
    try {
      return await store.execute(function* () {
        if (bounded) yield* inTime();
        return yield* storeLogged(inboundBase, row);
      });
    } catch (e) {
      if (!(e instanceof PastDeadline)) console.error(`[intake] ${provider.name} ${inboundBase.externalId}: could not log the request (${row.outcome}: ${row.reason}):`, (e as Error).message);
      return null;
    }
  };

  /** The request was answered 503 at the deadline: say so in the log, whenever the database can. */
  const logLate = (what: string, body: Pick<LoggedRow, "rawBody" | "bodyEncoding" | "bodyLength" | "bodySha256">) => {
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
    const kept: Pick<LoggedRow, "rawBody" | "bodyEncoding" | "bodyLength" | "bodySha256"> = bytes ? rejectedBodyForStorage(bytes) : { rawBody: "" };
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
  const examined = examine(provider, meta, request.headers, body.bytes, env, clock());
  if (!examined.ok) return logRejection(examined.status, examined.reason, body.bytes);
  const acceptable: Acceptable<T> = examined;
  const { externalId, payloadType, replayKey, text } = acceptable;
  let truncated: RejectedBody | undefined;
  /** Computed once: a replay found by the clash check is a rejection like any other. */
  const rejectedBody = () => (truncated ??= rejectedBodyForStorage(body.bytes));

  function* accept(): Work<IntakeOutcome> {
    yield* inTime();
    // A duplicate or a replay throws at the event's insert and the whole transaction rolls back,
    // so it can change nothing; inTime() again before the inbound row is the last chance to roll
    // back a transaction that a lock held past the deadline.
    const stored = yield* storeAccepted(provider, acceptable, inboundBase, inTime);
    return { kind: "accepted", ...stored };
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
    if (replayed) {
      const reason = "replayed signature";
      const inboundId = yield* storeLogged(inboundBase, { outcome: "rejected", httpStatus: 401, reason, ...rejectedBody() });
      return { kind: "rejected", inboundId, status: 401, reason };
    }
    // A unique violation that is neither (a projection row clashing) is no duplicate.
    if (!original) return null;
    return { kind: "duplicate", inboundId: yield* storeDuplicate(inboundBase, text, original.id) };
  }

  let late = false;
  // Nothing was committed: log the request as an error; the provider gets a 503 and retries.
  const storageError = async (e: unknown, what: string, reason: string): Promise<IntakeOutcome> => {
    if (late || e instanceof PastDeadline) return { kind: "error", inboundId: null };
    console.error(`[intake] ${provider.name} ${externalId}: ${what}:`, (e as Error).message);
    return { kind: "error", inboundId: await logInbound({ outcome: "error", httpStatus: UNAVAILABLE, reason, rawBody: text }, true) };
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
  return logLate("storing the event", { rawBody: text });
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
  const inbound = inboundColumns(provider.name, meta, redacted, new Date());
  const deadline = performance.now() + getEnv().HOOKSCOPE_INTAKE_TIMEOUT_MS;
  const logged = await beforeDeadline(
    getSqlStore()
      .execute(() => storeLogged(inbound, { outcome: "rejected", httpStatus: status, reason, rawBody: "" }))
      .catch((e: Error) => (console.error(`[intake] could not log a refused request (${status}):`, e.message), null)),
    deadline,
  );
  return typeof logged === "string" ? { kind: "rejected", inboundId: logged, status, reason } : { kind: "error", inboundId: null };
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
