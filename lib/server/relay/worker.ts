// The delivery worker: claim due deliveries in one statement (two lanes, first attempts and
// retries; FOR UPDATE SKIP LOCKED on PostgreSQL), POST them signed and at once, record every attempt
// of the pass in one transaction, reschedule or settle (decisions 0004 and 0023).
import { randomUUID } from "node:crypto";
import { getDb, type Db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import type { DeliveryAttempt } from "@/lib/generated/sqlite/client";
import { observeRelayAttempt } from "@/lib/server/metrics/registry";
import { deliveryChange } from "@/lib/live/changes";
import { storageFailure } from "@/lib/server/sql/disk-sync";
import { insertRow } from "@/lib/server/sql/insert";
import { getSqlStore, type SqlStore } from "@/lib/server/sql/store";
import { all, insert, run, type Work } from "@/lib/server/sql/work";
import { getDestination } from "./destination";
import { egressFetch } from "./egress";
import { decide, type AttemptResult, type Decision } from "./schedule";
import { signingSecrets } from "./secrets";
import { postJson, SEND_TIMEOUT_MS, type FetchLike, type SendResult } from "./send";
import { redactSignature, signedHeaders } from "./sign";

/** A claim older than this belongs to a worker that died mid-attempt; another may take it over. */
export const STALE_CLAIM_MS = 60_000;

export type WorkerOptions = {
  db?: () => Promise<Db>;
  /** Where claims and attempts are written: the process's SQL store (lib/server/sql/store.ts). */
  store?: () => SqlStore;
  clock?: () => number;
  fetch?: FetchLike;
  /** Most deliveries claimed, and sent at once, per pass: the bound on concurrent sends to the
   *  destination from this process (HOOKSCOPE_RELAY_CONCURRENCY). */
  batchSize?: number;
  timeoutMs?: number;
  staleClaimMs?: number;
  log?: (line: string) => void;
  /**
   * Makes every commit read so far durable before anything is sent. Default: nothing more than the
   * claim itself, which the store answers only once it is durable (an fsync of the SQLite WAL taken
   * after the claim; on PostgreSQL a commit is durable when it returns).
   */
  syncToDisk?: () => Promise<void>;
};

/** A claimed delivery: what sending and recording it needs, read by the claim itself. */
export type Claimed = {
  id: string;
  token: string;
  webhookId: string;
  payload: string;
  attempts: number;
  scheduleAttempts: number;
  operationId: string | null;
  strategyId: string | null;
};

/** The due, unclaimed (or stale-claimed) deliveries of one lane, oldest due first. */
const lane = (first: boolean, lockRows: boolean) => `SELECT "id", "nextAttemptAt" FROM "Delivery"
    WHERE "status" = 'pending' AND "isTest" = false AND "attempts" ${first ? "= 0" : "> 0"} AND "nextAttemptAt" <= ?
      AND ("claimToken" IS NULL OR "claimedAt" < ?)
    ORDER BY "nextAttemptAt", "id" LIMIT ?${lockRows ? " FOR UPDATE SKIP LOCKED" : ""}`;

/**
 * Two lanes, interleaved: first attempts (new events) and retries, each in due order, taken in
 * turn (first, retry, first, retry, …; a first attempt ahead of a retry of the same rank) until the
 * claim is full. A lane with nothing due leaves the whole claim to the other. So a backlog of due
 * retries never holds a new event back for more than one pass, and retries still get half of every
 * claim while new events keep coming (decision 0023).
 *
 * One statement: on SQLite it runs under the database's single write lock; on PostgreSQL the lanes
 * lock their rows FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint rows.
 */
const claimSql = (pg: boolean) => `WITH "fresh" AS (${lane(true, pg)}),
  "retry" AS (${lane(false, pg)}),
  "lanes" AS (
    SELECT "id", 0 AS "lane", row_number() OVER (ORDER BY "nextAttemptAt", "id") AS "rank" FROM "fresh"
    UNION ALL
    SELECT "id", 1 AS "lane", row_number() OVER (ORDER BY "nextAttemptAt", "id") AS "rank" FROM "retry"),
  "pick" AS (SELECT "id" FROM "lanes" ORDER BY "rank", "lane" LIMIT ?)
UPDATE "Delivery" SET "claimToken" = ?, "claimedAt" = ? WHERE "id" IN (SELECT "id" FROM "pick")
RETURNING "id", "webhookId", "payload", "attempts", "scheduleAttempts", "operationId", "strategyId"`;

/**
 * Claims up to `limit` due deliveries in one statement; each returned row is held by this worker
 * alone. A transaction of the store, not a bare statement: on SQLite it then joins the store's
 * group commit in a savepoint of its own (never the middle of another batch), and it is answered
 * once durable.
 */
export async function claimDue(store: SqlStore, now: Date, limit: number, staleClaimMs = STALE_CLAIM_MS): Promise<Claimed[]> {
  const staleBefore = new Date(now.getTime() - staleClaimMs);
  const token = randomUUID();
  const rows = await store.transaction(() =>
    all<Omit<Claimed, "token">>(claimSql(store.provider === "postgres"), [now, staleBefore, limit, now, staleBefore, limit, limit, token, now]),
  );
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts), scheduleAttempts: Number(r.scheduleAttempts), token }));
}

// A target refused by the address rules (egress.ts) counts as a transport error and follows the
// retry schedule: nothing reached it, and a DNS answer or the operator's setting may change
// before the schedule gives up.
function attemptResult(r: SendResult): AttemptResult {
  return r.status === null ? { kind: "transport", error: r.error ?? "request failed" } : { kind: "response", status: r.status, retryAfter: r.retryAfter };
}

type SendCtx = { url: string; secrets: string[]; clock: () => number; fetch: FetchLike; timeoutMs: number; log: (l: string) => void };

/** One attempt made, waiting to be recorded. */
type Sent = {
  c: Claimed;
  number: number;
  startedAt: Date;
  now: number;
  url: string;
  res: SendResult;
  decision: Decision;
  requestHeaders: string;
  received: { headers: string | null; body: string | null; error: string | null };
};

async function send(c: Claimed, ctx: SendCtx): Promise<Sent> {
  const number = c.attempts + 1;
  const startedAt = new Date(ctx.clock());
  const headers = signedHeaders(ctx.secrets, c.webhookId, startedAt.getTime(), c.payload);
  const res = await postJson(ctx.fetch, ctx.url, headers, c.payload, ctx.timeoutMs);
  const now = ctx.clock();
  const decision = decide(attemptResult(res), c.scheduleAttempts, now);
  const stored = { ...headers, "webhook-signature": redactSignature(headers["webhook-signature"]!) };
  // What the receiver sent is untrusted: U+0000 cannot be stored in PostgreSQL text, so it goes.
  const received = {
    headers: res.headers ? noNul(JSON.stringify(res.headers)) : null,
    body: res.body === null ? null : noNul(res.body),
    error: res.error === null ? null : noNul(res.error),
  };
  return { c, number, startedAt, now, url: ctx.url, res, decision, requestHeaders: JSON.stringify(stored), received };
}

const nextAttemptOf = (s: Sent) => (s.decision.outcome === "retry" ? new Date(s.now + s.decision.delayMs) : null);

/**
 * Records attempts in one transaction: per attempt the delivery update (only while this worker
 * still holds the claim), the attempt row and the change row. Returns the ids whose claim was lost.
 */
function* recordWork(batch: Sent[], stripResponse: boolean): Work<Set<string>> {
  const lost = new Set<string>();
  for (const s of batch) {
    const { c, decision } = s;
    const r = stripResponse
      ? { headers: null, body: "[response not stored: it could not be written to the database]", error: s.received.error?.slice(0, 1000) ?? null }
      : s.received;
    const nextAttemptAt = nextAttemptOf(s);
    const status = decision.outcome === "retry" ? "pending" : decision.outcome;
    const changed = yield* run(
      `UPDATE "Delivery" SET "attempts" = ?, "scheduleAttempts" = ?, "status" = ?, "nextAttemptAt" = ?, "claimToken" = NULL, "claimedAt" = NULL,
        "lastError" = ?, "responseStatus" = ?, "callbackUrl" = ?, "deliveredAt" = ?, "failedReason" = ?
        WHERE "id" = ? AND "claimToken" = ? AND "status" = 'pending'`,
      [
        s.number,
        decision.outcome === "delivered" ? c.scheduleAttempts : c.scheduleAttempts + 1,
        status,
        nextAttemptAt,
        r.error,
        s.res.status,
        s.url,
        decision.outcome === "delivered" ? new Date(s.now) : null,
        decision.outcome === "failed" ? decision.reason : null,
        c.id,
        c.token,
      ],
    );
    if (changed !== 1) {
      lost.add(c.id);
      continue;
    }
    const attempt: Omit<DeliveryAttempt, "id"> & { id: string } = {
      id: randomUUID(),
      deliveryId: c.id,
      number: s.number,
      startedAt: s.startedAt,
      durationMs: s.res.durationMs,
      url: s.url,
      requestHeaders: s.requestHeaders,
      requestBody: c.payload,
      responseStatus: s.res.status,
      responseHeaders: r.headers,
      responseBody: r.body,
      error: r.error,
      outcome: decision.outcome,
      nextAttemptAt,
    };
    yield* insert("DeliveryAttempt", attempt);
    yield* insertRow("Change", deliveryChange(c, status, s.number, new Date(s.now)));
  }
  return lost;
}

/**
 * Records a pass's attempts, one transaction for all of them (one commit, one fsync on SQLite).
 * If that fails, each is recorded alone; one whose receiver's answer cannot be stored is recorded
 * without it: the attempt happened, and must be counted, otherwise the claim goes stale and the
 * same attempt is sent again and again.
 */
async function record(store: SqlStore, batch: Sent[], log: (l: string) => void): Promise<Set<string>> {
  if (batch.length === 0) return new Set();
  try {
    return await store.transaction(() => recordWork(batch, false));
  } catch (e) {
    if (storageFailure()) throw e;
    const lost = new Set<string>();
    for (const s of batch) {
      let l: Set<string>;
      try {
        l = await store.transaction(() => recordWork([s], false));
      } catch (e1) {
        if (storageFailure()) throw e1;
        log(`[relay] delivery ${s.c.id} attempt ${s.number}: storing the response failed (${(e1 as Error).message}); recording the attempt without it`);
        l = await store.transaction(() => recordWork([s], true));
      }
      for (const id of l) lost.add(id);
    }
    return lost;
  }
}

type Outcome = "delivered" | "retry" | "failed" | "lost";

function report(s: Sent, lost: Set<string>, log: (l: string) => void): Outcome {
  if (lost.has(s.c.id)) {
    log(`[relay] delivery ${s.c.id} attempt ${s.number}: claim lost (taken over as stale); result discarded`);
    return "lost";
  }
  observeRelayAttempt(s.res.status);
  const { decision, res } = s;
  const what = res.status === null ? res.error : `HTTP ${res.status}`;
  const tail = decision.outcome === "retry" ? `retry in ${Math.round(decision.delayMs / 1000)} s` : decision.outcome === "failed" ? `failed: ${decision.reason}` : "delivered";
  log(`[relay] delivery ${s.c.id} attempt ${s.number} → ${what} (${res.durationMs} ms), ${tail}`);
  return decision.outcome;
}

/**
 * Sends claimed deliveries at once (the claim's size is the bound on concurrent sends) and records
 * every attempt in one transaction. An attempt row and its delivery update commit together and
 * only while this worker still holds the claim; `(deliveryId, number)` is unique besides.
 */
export async function attemptDeliveries(store: SqlStore, claimed: Claimed[], ctx: SendCtx): Promise<Outcome[]> {
  const sent = await Promise.all(claimed.map((c) => send(c, ctx)));
  const lost = await record(store, sent, ctx.log);
  return sent.map((s) => report(s, lost, ctx.log));
}

/** Sends one claimed delivery and records the attempt. */
export async function attemptDelivery(store: SqlStore, c: Claimed, ctx: SendCtx): Promise<Outcome> {
  const [out] = await attemptDeliveries(store, [c], ctx);
  return out!;
}

const noNul = (s: string) => s.replaceAll("\u0000", "");

export type Worker = {
  /** One pass: claims what is due now and attempts it. Resolves to the number of attempts made. */
  tick(): Promise<number>;
  start(pollMs: number): void;
  stop(): Promise<void>;
};

export function createWorker(opts: WorkerOptions = {}): Worker {
  const clock = opts.clock ?? Date.now;
  const fetchImpl: FetchLike = opts.fetch ?? egressFetch;
  const log = opts.log ?? ((l: string) => console.log(l));
  const batch = opts.batchSize ?? getEnv().HOOKSCOPE_RELAY_CONCURRENCY;
  const staleClaimMs = opts.staleClaimMs ?? getEnv().HOOKSCOPE_RELAY_STALE_CLAIM_SECONDS * 1000;
  const dbOf = opts.db ?? getDb;
  const storeOf = opts.store ?? getSqlStore;
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let saidStopped = false;

  async function tick(): Promise<number> {
    // after a failed fsync nothing read from this database can be trusted to be on disk
    const failure = storageFailure();
    if (failure) {
      if (!saidStopped) log(`[relay] worker stopped sending: ${failure.message}`);
      saidStopped = true;
      return 0;
    }
    const db = await dbOf();
    const dest = await getDestination(db);
    if (!dest.callbackUrl || dest.paused) return 0; // deliveries wait, nothing is dropped
    const now = new Date(clock());
    const store = storeOf();
    // The intake answers a provider only once its commit is on disk, but on SQLite the commit is
    // visible a few milliseconds earlier. A delivery sent in that window would be lost with the
    // event on a power cut, then relayed again under a new id when the provider retries. So nothing
    // goes out before what it was read from is durable: the store answers the claim only after an
    // fsync of the WAL that began after it (one per pass, covering every claim and every commit
    // read). If it fails, nothing is sent: the failure stops the relay in this process until a
    // restart (disk-sync.ts), and the claims are retried once stale.
    const claimed = await claimDue(store, now, batch, staleClaimMs);
    if (claimed.length === 0) return 0;
    try {
      await opts.syncToDisk?.();
    } catch (e) {
      throw new Error(`${(e as Error).message} (${claimed.length} claimed deliveries not sent)`);
    }
    const secrets = await signingSecrets(db, now);
    const ctx = { url: dest.callbackUrl, secrets, clock, fetch: fetchImpl, timeoutMs: opts.timeoutMs ?? SEND_TIMEOUT_MS, log };
    const results = await attemptDeliveries(store, claimed, ctx);
    return results.filter((r) => r !== "lost").length;
  }

  return {
    tick,
    start(pollMs) {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let worked = 0;
          try {
            worked = await tick();
          } catch (e) {
            log(`[relay] worker pass failed: ${(e as Error).message}`);
          }
          if (worked === 0 && running) await new Promise<void>((r) => {
            const t = setTimeout(r, pollMs);
            wake = () => {
              clearTimeout(t);
              r();
            };
          });
          wake = null;
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
  };
}
