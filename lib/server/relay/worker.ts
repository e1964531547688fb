// The delivery worker: claim due deliveries (compare-and-set; FOR UPDATE SKIP LOCKED on
// PostgreSQL), POST them signed, record one attempt row each, reschedule or settle.
import { randomUUID } from "node:crypto";
import { dbProvider, getDb, type Db } from "@/lib/db";
import { databaseUrl, sqlitePath } from "@/lib/db-url";
import { observeRelayAttempt } from "@/lib/server/metrics/registry";
import { deliveryChange } from "@/lib/live/changes";
import { sqliteDiskSync, storageFailure, type DiskSync } from "@/lib/server/sql/disk-sync";
import { getDestination } from "./destination";
import { egressFetch } from "./egress";
import { decide, type AttemptResult } from "./schedule";
import { signingSecrets } from "./secrets";
import { postJson, SEND_TIMEOUT_MS, type FetchLike, type SendResult } from "./send";
import { redactSignature, signedHeaders } from "./sign";

/** A claim older than this belongs to a worker that died mid-attempt; another may take it over. */
export const STALE_CLAIM_MS = 60_000;

export type WorkerOptions = {
  db?: () => Promise<Db>;
  provider?: "sqlite" | "postgres";
  clock?: () => number;
  fetch?: FetchLike;
  batchSize?: number;
  timeoutMs?: number;
  staleClaimMs?: number;
  log?: (line: string) => void;
  /**
   * Makes every commit read so far durable before anything is sent. Default: an fsync of the
   * SQLite database's WAL; nothing on PostgreSQL, where a commit is durable when it returns.
   */
  syncToDisk?: () => Promise<void>;
};

type Claimed = { id: string; token: string };

/** Claims up to `limit` due deliveries; each returned id is held by this worker alone. */
export async function claimDue(db: Db, provider: "sqlite" | "postgres", now: Date, limit: number, staleClaimMs = STALE_CLAIM_MS): Promise<Claimed[]> {
  const staleBefore = new Date(now.getTime() - staleClaimMs);
  const token = randomUUID();
  if (provider === "postgres") {
    return db.$transaction(async (tx) => {
      // Timestamps are stored as UTC "timestamp without time zone"; an ISO literal cast to
      // timestamp drops its Z, which is exactly that representation.
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Delivery"
        WHERE "status" = 'pending' AND "isTest" = false
          AND "nextAttemptAt" <= ${now.toISOString()}::timestamp
          AND ("claimToken" IS NULL OR "claimedAt" < ${staleBefore.toISOString()}::timestamp)
        ORDER BY "nextAttemptAt" ASC
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      await tx.delivery.updateMany({ where: { id: { in: ids } }, data: { claimToken: token, claimedAt: now } });
      return ids.map((id) => ({ id, token }));
    });
  }
  const candidates = await db.delivery.findMany({
    where: {
      status: "pending",
      isTest: false,
      nextAttemptAt: { lte: now },
      OR: [{ claimToken: null }, { claimedAt: { lt: staleBefore } }],
    },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true, claimToken: true },
  });
  const claimed: Claimed[] = [];
  for (const c of candidates) {
    // compare-and-set: only if nobody claimed it since we read it
    const r = await db.delivery.updateMany({
      where: { id: c.id, status: "pending", claimToken: c.claimToken },
      data: { claimToken: token, claimedAt: now },
    });
    if (r.count === 1) claimed.push({ id: c.id, token });
  }
  return claimed;
}

// A target refused by the address rules (egress.ts) counts as a transport error and follows the
// retry schedule: nothing reached it, and a DNS answer or the operator's setting may change
// before the schedule gives up.
function attemptResult(r: SendResult): AttemptResult {
  return r.status === null ? { kind: "transport", error: r.error ?? "request failed" } : { kind: "response", status: r.status, retryAfter: r.retryAfter };
}

/**
 * Sends one claimed delivery and records the attempt. The attempt row and the delivery update
 * commit together and only while this worker still holds the claim.
 */
export async function attemptDelivery(
  db: Db,
  c: Claimed,
  ctx: { url: string; secrets: string[]; clock: () => number; fetch: FetchLike; timeoutMs: number; log: (l: string) => void },
): Promise<"delivered" | "retry" | "failed" | "lost"> {
  const d = await db.delivery.findUnique({ where: { id: c.id } });
  if (!d || d.claimToken !== c.token || d.status !== "pending") return "lost";
  const number = d.attempts + 1;
  const startedAt = new Date(ctx.clock());
  const headers = signedHeaders(ctx.secrets, d.webhookId, startedAt.getTime(), d.payload);
  const res = await postJson(ctx.fetch, ctx.url, headers, d.payload, ctx.timeoutMs);
  const now = ctx.clock();
  const decision = decide(attemptResult(res), d.scheduleAttempts, now);
  const nextAttemptAt = decision.outcome === "retry" ? new Date(now + decision.delayMs) : null;
  const stored = { ...headers, "webhook-signature": redactSignature(headers["webhook-signature"]!) };
  // What the receiver sent is untrusted: U+0000 cannot be stored in PostgreSQL text, so it goes.
  const received = {
    headers: res.headers ? noNul(JSON.stringify(res.headers)) : null,
    body: res.body === null ? null : noNul(res.body),
    error: res.error === null ? null : noNul(res.error),
  };
  const record = (r: typeof received) =>
    db.$transaction(async (tx) => {
      const upd = await tx.delivery.updateMany({
        where: { id: d.id, claimToken: c.token, status: "pending" },
        data: {
          attempts: number,
          scheduleAttempts: decision.outcome === "delivered" ? d.scheduleAttempts : d.scheduleAttempts + 1,
          status: decision.outcome === "retry" ? "pending" : decision.outcome,
          nextAttemptAt,
          claimToken: null,
          claimedAt: null,
          lastError: r.error,
          responseStatus: res.status,
          callbackUrl: ctx.url,
          deliveredAt: decision.outcome === "delivered" ? new Date(now) : null,
          failedReason: decision.outcome === "failed" ? decision.reason : null,
        },
      });
      if (upd.count !== 1) throw new LostClaim();
      await tx.deliveryAttempt.create({
        data: {
          deliveryId: d.id,
          number,
          startedAt,
          durationMs: res.durationMs,
          url: ctx.url,
          requestHeaders: JSON.stringify(stored),
          requestBody: d.payload,
          responseStatus: res.status,
          responseHeaders: r.headers,
          responseBody: r.body,
          error: r.error,
          outcome: decision.outcome,
          nextAttemptAt,
        },
      });
      await tx.change.create({ data: deliveryChange(d, decision.outcome === "retry" ? "pending" : decision.outcome, number, new Date(now)) });
    });
  try {
    try {
      await record(received);
    } catch (e) {
      if (e instanceof LostClaim) throw e;
      // The attempt happened: it must be counted even if the receiver's answer cannot be stored,
      // otherwise the claim goes stale and the same attempt is sent again and again.
      ctx.log(`[relay] delivery ${d.id} attempt ${number}: storing the response failed (${(e as Error).message}); recording the attempt without it`);
      await record({ headers: null, body: "[response not stored: it could not be written to the database]", error: received.error?.slice(0, 1000) ?? null });
    }
  } catch (e) {
    if (e instanceof LostClaim) {
      ctx.log(`[relay] delivery ${d.id} attempt ${number}: claim lost (taken over as stale); result discarded`);
      return "lost";
    }
    throw e;
  }
  observeRelayAttempt(res.status);
  const what = res.status === null ? res.error : `HTTP ${res.status}`;
  const tail = decision.outcome === "retry" ? `retry in ${Math.round(decision.delayMs / 1000)} s` : decision.outcome === "failed" ? `failed: ${decision.reason}` : "delivered";
  ctx.log(`[relay] delivery ${d.id} attempt ${number} → ${what} (${res.durationMs} ms), ${tail}`);
  return decision.outcome;
}

class LostClaim extends Error {}

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
  const batch = opts.batchSize ?? 10;
  const dbOf = opts.db ?? getDb;
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let disk: { file: string; sync: DiskSync } | null = null;
  const syncToDisk = async (provider: "sqlite" | "postgres") => {
    if (opts.syncToDisk) return opts.syncToDisk();
    if (provider !== "sqlite") return;
    // the file of the database getDb() serves now (the same DATABASE_URL)
    const file = sqlitePath(databaseUrl());
    if (disk?.file !== file) {
      disk?.sync.close();
      disk = { file, sync: sqliteDiskSync(file) };
    }
    await disk.sync.sync();
  };
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
    const provider = opts.provider ?? dbProvider();
    const dest = await getDestination(db);
    if (!dest.callbackUrl || dest.paused) return 0; // deliveries wait, nothing is dropped
    const now = new Date(clock());
    const claimed = await claimDue(db, provider, now, batch, opts.staleClaimMs);
    if (claimed.length === 0) return 0;
    // The intake answers a provider only once its commit is on disk, but on SQLite the commit is
    // visible a few milliseconds earlier. A delivery sent in that window would be lost with the
    // event on a power cut, then relayed again under a new id when the provider retries. So nothing
    // goes out before what it was read from is durable (one fsync per pass, covering every claim).
    // Prisma's own connection commits the claim with synchronous = FULL, which syncs the WAL too;
    // this does not depend on that. If it fails, nothing is sent: the failure stops the relay in
    // this process until a restart (disk-sync.ts), and the claims are retried once stale.
    try {
      await syncToDisk(provider);
    } catch (e) {
      throw new Error(`${(e as Error).message} (${claimed.length} claimed deliveries not sent)`);
    }
    const secrets = await signingSecrets(db, now);
    const ctx = { url: dest.callbackUrl, secrets, clock, fetch: fetchImpl, timeoutMs: opts.timeoutMs ?? SEND_TIMEOUT_MS, log };
    const results = await Promise.all(claimed.map((c) => attemptDelivery(db, c, ctx)));
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
      disk?.sync.close();
      disk = null;
    },
  };
}
