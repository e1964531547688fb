// The optional per-client-address limit on the two webhook endpoints (HOOKSCOPE_INTAKE_RATE_LIMIT).
// On SQLite (one server) the counters live in memory; on PostgreSQL in the database, shared by every
// server on it (decision 0023).
// Checked before the body is read. A limited request is answered 429 with Retry-After and is not
// written to the inbound log: a flood would otherwise turn into a flood of writes, which is what
// the limit is there to stop. It is counted in /metrics instead, and the first refusal of each
// address in each window prints one line.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { CLIENT_IP_HEADER } from "@/lib/auth/auth";
import { getEnv, type Env } from "@/lib/env";
import { log } from "@/lib/log";
import { getSqlStore, type SqlStore } from "@/lib/server/sql/store";
import { asDate, first, run } from "@/lib/server/sql/work";

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

type Limit = NonNullable<Env["HOOKSCOPE_INTAKE_RATE_LIMIT"]>;

/** What one more request from an address came to: its count in the window, and the time left. */
type Count = { consumed: number; msBeforeNext: number };

type Limiter = { consume(address: string): Promise<Count> };

const KEY = Symbol.for("hookscope.intake.rate-limiter");
type Holder = { [KEY]?: { spec: string; limiter: Limiter } };

/** One server (SQLite): rate-limiter-flexible's counters in this process's memory. */
function memoryLimiter(limit: Limit): Limiter {
  const m = new RateLimiterMemory({ points: limit.points, duration: limit.seconds });
  return {
    async consume(address) {
      try {
        const r = await m.consume(address);
        return { consumed: r.consumedPoints, msBeforeNext: r.msBeforeNext };
      } catch (r) {
        if (!(r instanceof RateLimiterRes)) throw r;
        return { consumed: r.consumedPoints, msBeforeNext: r.msBeforeNext };
      }
    },
  };
}

/**
 * One row per address and window, counted by one atomic upsert, with the database's clock: every
 * server on the database counts into the same row. A window that has ended starts again at 1.
 */
const COUNT_SQL = `INSERT INTO "IntakeRateLimit" ("key", "points", "resetAt")
  VALUES (?, 1, (now() AT TIME ZONE 'UTC') + make_interval(secs => ?))
  ON CONFLICT ("key") DO UPDATE SET
    "points" = CASE WHEN "IntakeRateLimit"."resetAt" <= (now() AT TIME ZONE 'UTC') THEN 1 ELSE "IntakeRateLimit"."points" + 1 END,
    "resetAt" = CASE WHEN "IntakeRateLimit"."resetAt" <= (now() AT TIME ZONE 'UTC') THEN excluded."resetAt" ELSE "IntakeRateLimit"."resetAt" END
  RETURNING "points", "resetAt", (now() AT TIME ZONE 'UTC') AS "now"`;

/** Rows of windows that ended over a minute ago, a bounded batch at a time. */
const PRUNE_SQL = `DELETE FROM "IntakeRateLimit" WHERE "key" IN (
  SELECT "key" FROM "IntakeRateLimit" WHERE "resetAt" < (now() AT TIME ZONE 'UTC') - interval '1 minute' LIMIT 1000)`;
const PRUNE_EVERY_MS = 60_000;

/**
 * How long a request waits for its count. A count takes about a millisecond; one that has not
 * answered by then waits on a saturated pool (up to its 10 s checkout timeout) or a database that
 * does not answer at all. The limit is checked before the intake's own deadline starts, so that wait
 * would come on top of it, and a stuck statement would hold a valid webhook until the server's
 * request timeout: past this, the request goes through as on any other failure to count.
 */
export const COUNT_WAIT_MS = 1_000;

function withinCountWait<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${COUNT_WAIT_MS} ms`)), COUNT_WAIT_MS);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Several servers (PostgreSQL): the counters in the database, so the limit holds for an address
 * whichever server it reaches. An address over the limit is then refused from memory until its
 * window ends, so a flood costs no database work. If the database cannot count, the request is
 * let through (the intake itself answers 503 when the database is down) and that is said once a
 * minute.
 */
function sharedLimiter(limit: Limit, spec: string, store: () => SqlStore): Limiter {
  const blocked = new Map<string, { until: number; consumed: number }>();
  let prunedAt = Date.now();
  let saidFailed = 0;
  return {
    async consume(address) {
      const now = Date.now();
      const b = blocked.get(address);
      if (b && b.until > now) return { consumed: ++b.consumed, msBeforeNext: b.until - now };
      if (b) blocked.delete(address);
      try {
        const row = await withinCountWait(store().execute(() => first<{ points: number; resetAt: unknown; now: unknown }>(COUNT_SQL, [`${spec} ${address}`, limit.seconds])));
        const msBeforeNext = Math.max(0, asDate(row!.resetAt).getTime() - asDate(row!.now).getTime());
        const consumed = Number(row!.points);
        if (consumed > limit.points) blocked.set(address, { until: now + msBeforeNext, consumed });
        if (now - prunedAt > PRUNE_EVERY_MS) {
          prunedAt = now;
          void store().execute(() => run(PRUNE_SQL)).catch(() => undefined);
        }
        return { consumed, msBeforeNext };
      } catch (e) {
        if (now - saidFailed > 60_000) {
          saidFailed = now;
          log.warn(`[intake] the shared rate limit could not count (${(e as Error).message}); letting requests through meanwhile`);
        }
        return { consumed: 0, msBeforeNext: 0 };
      }
    },
  };
}

/** One limiter per process and setting, shared by the node:http intake and the route handlers. */
function limiterFor(limit: Limit, env: Env): Limiter {
  const g = globalThis as Holder;
  const spec = `${limit.points}/${limit.seconds}`;
  const key = `${spec} ${env.dbProvider}`;
  if (g[KEY]?.spec !== key) g[KEY] = { spec: key, limiter: env.dbProvider === "postgres" ? sharedLimiter(limit, spec, getSqlStore) : memoryLimiter(limit) };
  return g[KEY].limiter;
}

const per = (seconds: number) => (seconds === 1 ? "second" : seconds === 60 ? "minute" : "hour");

/** Whether one more request from `address` fits; off (always ok) unless the setting is given. */
export async function checkIntakeRate(address: string, env: Env = getEnv()): Promise<RateVerdict> {
  const limit = env.HOOKSCOPE_INTAKE_RATE_LIMIT;
  if (!limit) return { ok: true };
  const who = address || "unknown";
  const r = await limiterFor(limit, env).consume(who);
  if (r.consumed <= limit.points) return { ok: true };
  const retryAfterSeconds = Math.max(1, Math.ceil(r.msBeforeNext / 1000));
  const message = `rate limit: at most ${limit.points} requests per ${per(limit.seconds)} from one address; retry after ${retryAfterSeconds} s`;
  // the first refusal of this window: one line, not one per request
  if (r.consumed === limit.points + 1) log.warn(`[intake] ${who} is over the rate limit (${limit.points}/${per(limit.seconds)}); answering 429 for ${retryAfterSeconds} s`);
  return { ok: false, retryAfterSeconds, message };
}

/**
 * The client address of a fetch Request (route handlers): the first X-Forwarded-For entry behind a
 * trusted proxy, else what the production server set (it overwrites any client-sent value). Under
 * `next dev` neither may be there, and every sender shares one bucket.
 */
export function requestClientAddress(req: Request, trustProxy: boolean): string {
  const first = trustProxy ? req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() : undefined;
  return first || req.headers.get(CLIENT_IP_HEADER) || "unknown";
}
