// The optional per-client-address limit on the two webhook endpoints (HOOKSCOPE_INTAKE_RATE_LIMIT).
// Checked before the body is read. A limited request is answered 429 with Retry-After and is not
// written to the inbound log: a flood would otherwise turn into a flood of writes, which is what
// the limit is there to stop. It is counted in /metrics instead, and the first refusal of each
// address in each window prints one line.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { CLIENT_IP_HEADER } from "@/lib/auth/auth";
import { getEnv, type Env } from "@/lib/env";
import { log } from "@/lib/log";

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

type Limit = NonNullable<Env["HOOKSCOPE_INTAKE_RATE_LIMIT"]>;

const KEY = Symbol.for("hookscope.intake.rate-limiter");
type Holder = { [KEY]?: { spec: string; limiter: RateLimiterMemory } };

/** One limiter per process and setting, shared by the node:http intake and the route handlers. */
function limiterFor(limit: Limit): RateLimiterMemory {
  const g = globalThis as Holder;
  const spec = `${limit.points}/${limit.seconds}`;
  if (g[KEY]?.spec !== spec) g[KEY] = { spec, limiter: new RateLimiterMemory({ points: limit.points, duration: limit.seconds }) };
  return g[KEY].limiter;
}

const per = (seconds: number) => (seconds === 1 ? "second" : seconds === 60 ? "minute" : "hour");

/** Whether one more request from `address` fits; off (always ok) unless the setting is given. */
export async function checkIntakeRate(address: string, env: Env = getEnv()): Promise<RateVerdict> {
  const limit = env.HOOKSCOPE_INTAKE_RATE_LIMIT;
  if (!limit) return { ok: true };
  try {
    await limiterFor(limit).consume(address || "unknown");
    return { ok: true };
  } catch (r) {
    if (!(r instanceof RateLimiterRes)) throw r;
    const retryAfterSeconds = Math.max(1, Math.ceil(r.msBeforeNext / 1000));
    const message = `rate limit: at most ${limit.points} requests per ${per(limit.seconds)} from one address; retry after ${retryAfterSeconds} s`;
    // the first refusal of this window: one line, not one per request
    if (r.consumedPoints === limit.points + 1) log.warn(`[intake] ${address || "unknown"} is over the rate limit (${limit.points}/${per(limit.seconds)}); answering 429 for ${retryAfterSeconds} s`);
    return { ok: false, retryAfterSeconds, message };
  }
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
