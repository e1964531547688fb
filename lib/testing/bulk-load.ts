// Bulk loader for benchmarks (npm run bench:console): the simulator's traffic (lib/simulate/traffic.ts)
// written straight into the database through the intake's own storage code, many requests per
// transaction, instead of one HTTP request and one commit each.
//
// Each request goes through the intake's own checks and storage steps (lib/intake/steps.ts, which
// ingest() in lib/intake/pipeline.ts runs too): examine() decides accepted or rejected with the
// reason, then storeAccepted(), storeDuplicate() or storeLogged() write the rows. They run as Work
// steps (lib/server/sql/work.ts) on the intake's own store (lib/server/sql/store.ts), so the rows
// are exactly the intake's on both databases. What differs:
// the receipt time is simulated (spread over a window instead of the wall clock), duplicates are
// found in memory instead of by a unique violation (a failed statement would abort the whole
// PostgreSQL transaction), and a share of the deliveries is then marked as the relay worker marks
// them (attemptDelivery in lib/server/relay/worker.ts: the delivery update, one DeliveryAttempt row
// per try, a delivery Change row), without HTTP.
import type { ProviderAdapter } from "@/lib/intake/types";
import { getEnv } from "@/lib/env";
import { uuidv7 } from "@/lib/ids";
import { rejectedBodyForStorage } from "@/lib/intake/read-body";
import { examine, inboundColumns, storeAccepted, storeDuplicate, storeLogged } from "@/lib/intake/steps";
import { deliveryChange } from "@/lib/live/changes";
import { providers } from "@/lib/providers/registry";
import { redactSignature, signedHeaders } from "@/lib/server/relay/sign";
import { insertRow } from "@/lib/server/sql/insert";
import { getSqlStore } from "@/lib/server/sql/store";
import { first, insert, run, type Work } from "@/lib/server/sql/work";
import { rng, traffic, type SimRequest } from "@/lib/simulate/traffic";

export const BENCH_ZEROHASH_SECRET = "zh_bench_console_secret";
export const BENCH_PIPAI = { webhookId: "wh_bench_console", secret: "pp_bench_console_secret" };
/** The environment the loader's provider checks need (the simulator signs with these). */
export const BENCH_PROVIDER_ENV = {
  ZEROHASH_WEBHOOK_SECRETS: BENCH_ZEROHASH_SECRET,
  PIPAI_WEBHOOK_SECRETS: `${BENCH_PIPAI.webhookId}=${BENCH_PIPAI.secret}`,
};

const CALLBACK_URL = "https://receiver.example.com/hooks";
const RELAY_SECRET = "whsec_YmVuY2gtY29uc29sZS1yZWxheS1zaWduaW5nLXNlY3JldA==";

export type LoadWindow = {
  /** accepted events to store (rejections and duplicates come on top, as the simulator mixes them) */
  events: number;
  /** receipt times are spread evenly from `from` to `to` */
  from: Date;
  to: Date;
  /** the relay's state is decided relative to this time (pending only for the newest events) */
  now: Date;
  seed: number;
  /** requests per transaction */
  chunk?: number;
  onProgress?: (accepted: number) => void;
};

export type LoadTally = { accepted: number; duplicates: number; rejected: number; delivered: number; failed: number; failing: number; pending: number };

/** How the relay treated a delivery: a stable share by a random draw, pending only when recent. */
function relayFate(random: () => number, receivedAt: Date, now: Date): "delivered" | "failed" | "failing" | "pending" {
  const age = now.getTime() - receivedAt.getTime();
  if (age < 120_000) return "pending";
  const r = random();
  if (r < 0.02) return "failed";
  if (r < 0.03 && age < 6 * 3_600_000) return "failing";
  return "delivered";
}

/** The attempts the worker would have recorded, and the delivery row after them. */
function* relayAttempts(eventId: string, receivedAt: Date, fate: "delivered" | "failed" | "failing", random: () => number): Work<void> {
  const d = yield* first<{ id: string; payload: string; operationId: string | null; strategyId: string | null }>(
    `SELECT "id", "payload", "operationId", "strategyId" FROM "Delivery" WHERE "eventId" = ?`,
    [eventId],
  );
  if (!d) throw new Error(`no delivery for event ${eventId}`);
  const tries = fate === "delivered" ? (random() < 0.1 ? 2 : 1) : fate === "failed" ? 1 : 3;
  let at = receivedAt.getTime() + 200;
  for (let n = 1; n <= tries; n++) {
    const last = n === tries;
    const outcome = last ? (fate === "failing" ? "retry" : fate) : "retry";
    const status = outcome === "delivered" ? 200 : outcome === "failed" ? 410 : 500;
    const durationMs = 20 + Math.floor(random() * 200);
    const headers = signedHeaders([RELAY_SECRET], eventId, at, d.payload);
    const nextAttemptAt = outcome === "retry" ? new Date(at + 30_000 * 2 ** n) : null;
    // DeliveryAttempt is written by the worker through Prisma, not by the intake: no typed insertRow for it
    yield* insert("DeliveryAttempt", {
      id: uuidv7(),
      deliveryId: d.id,
      number: n,
      startedAt: new Date(at),
      durationMs,
      url: CALLBACK_URL,
      requestHeaders: JSON.stringify({ ...headers, "webhook-signature": redactSignature(headers["webhook-signature"]!) }),
      requestBody: d.payload,
      responseStatus: status,
      responseHeaders: JSON.stringify({ "content-type": "text/plain" }),
      responseBody: status === 200 ? "ok" : status === 410 ? "gone" : "internal error",
      error: null,
      outcome,
      nextAttemptAt,
    });
    if (last) {
      const doneAt = new Date(at + durationMs);
      yield* run(
        `UPDATE "Delivery" SET "attempts" = ?, "scheduleAttempts" = ?, "status" = ?, "nextAttemptAt" = ?, "lastError" = ?, "responseStatus" = ?, "callbackUrl" = ?, "deliveredAt" = ?, "failedReason" = ? WHERE "id" = ?`,
        [
          n,
          outcome === "delivered" ? n - 1 : n,
          outcome === "retry" ? "pending" : outcome,
          nextAttemptAt,
          status === 200 ? null : `HTTP ${status}`,
          status,
          CALLBACK_URL,
          outcome === "delivered" ? doneAt : null,
          outcome === "failed" ? "the receiver answered 410 Gone" : null,
          d.id,
        ],
      );
      yield* insertRow("Change", { ...deliveryChange(d, outcome === "retry" ? "pending" : outcome, n, doneAt) });
    }
    at += 30_000 * 2 ** n;
  }
}

/**
 * Writes `w.events` accepted events (and the rejections and duplicates mixed in with them) into the
 * database DATABASE_URL names, through getSqlStore(), `chunk` requests per transaction.
 */
export async function bulkLoad(w: LoadWindow): Promise<LoadTally> {
  const env = getEnv();
  const store = getSqlStore();
  const random = rng(w.seed ^ 0x5eed);
  const span = w.to.getTime() - w.from.getTime();
  // the simulated clock: the generator signs with it and builds each story from it
  let clock = w.from.getTime();
  const requests = traffic({
    zerohashSecret: BENCH_ZEROHASH_SECRET,
    pipai: BENCH_PIPAI,
    duplicates: 0.05,
    drop: 0.01,
    badSignatures: 0.02,
    stale: 0.01,
    outOfOrder: true,
    seed: w.seed,
    toleranceSeconds: env.WEBHOOK_TOLERANCE_SECONDS,
    now: () => clock,
  });
  const tally: LoadTally = { accepted: 0, duplicates: 0, rejected: 0, delivered: 0, failed: 0, failing: 0, pending: 0 };
  /** provider|externalId → event id of what was accepted (a redelivery comes within a few requests) */
  const recent = new Map<string, string>();
  const chunk = w.chunk ?? 500;

  function* one(r: SimRequest, receivedAt: Date): Work<void> {
    const provider = providers[r.provider] as ProviderAdapter<unknown>;
    const headers = new Headers(r.headers);
    const meta = provider.meta(headers);
    const bytes = Buffer.from(r.body);
    const inbound = inboundColumns(provider.name, meta, provider.redact(headers), receivedAt);
    const examined = examine(provider, meta, headers, bytes, env, receivedAt.getTime());
    if (!examined.ok) {
      yield* storeLogged(inbound, { outcome: "rejected", httpStatus: examined.status, reason: examined.reason, ...rejectedBodyForStorage(bytes) });
      tally.rejected++;
      return;
    }
    const key = `${provider.name}|${examined.externalId}`;
    const original = recent.get(key);
    if (original) {
      yield* storeDuplicate(inbound, examined.text, original);
      tally.duplicates++;
      return;
    }
    const { eventId } = yield* storeAccepted(provider, examined, inbound);
    recent.set(key, eventId);
    if (recent.size > 10_000) recent.delete(recent.keys().next().value!);
    tally.accepted++;
    const fate = relayFate(random, receivedAt, w.now);
    tally[fate]++;
    if (fate !== "pending") yield* relayAttempts(eventId, receivedAt, fate, random);
  }

  while (tally.accepted < w.events) {
    const batch: { r: SimRequest; at: Date }[] = [];
    // accepted events are counted as they are written; a chunk stops short of the target anyway
    const room = Math.min(chunk, w.events - tally.accepted);
    while (batch.length < room) {
      clock = w.from.getTime() + (span * (tally.accepted + batch.length)) / w.events;
      const r = requests.next().value as SimRequest;
      if (r.kind === "dropped") continue;
      batch.push({ r, at: new Date(clock) });
    }
    const before = tally.accepted;
    await store.transaction(function* () {
      for (const b of batch) {
        if (tally.accepted >= w.events) break;
        yield* one(b.r, b.at);
      }
    });
    // a chunk of requests that accepted nothing means the set-up is wrong (secrets, clock): stop
    if (tally.accepted === before) throw new Error(`bulk load: none of ${batch.length} requests was accepted (see the InboundRequest reasons)`);
    w.onProgress?.(tally.accepted);
  }
  return tally;
}
