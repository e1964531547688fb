// The console's landing page: volume, relay health, backlog, provider lag and what needs
// attention, over 1 h / 24 h / 7 d. The request and attempt counts come from tallies the database
// keeps per 5-minute and hourly bucket (InboundTally, AttemptTally: triggers, migration
// 20261129201000), so they cost O(buckets) however many rows a range holds; every other query
// reads an indexed time range, and percentiles come from the newest rows of the range (at most
// SAMPLE), so the cost is bounded however much data a range holds.
import type { Ctx } from "@/lib/auth/actor";
import { OPERATION_STATUSES } from "@/lib/lifecycle/status";
import { STUCK_COUNT_CAP, type Overview, type OverviewRange } from "@/lib/schemas/overview";
import { getDestination } from "@/lib/server/relay/destination";

/** `tally`: the tally bucket size (seconds) the range's buckets are made of (5 min or 1 h). */
const SPAN: Record<OverviewRange, { ms: number; buckets: number; tally: 300 | 3600 }> = {
  "1h": { ms: 3_600_000, buckets: 12, tally: 300 },
  "24h": { ms: 86_400_000, buckets: 24, tally: 3600 },
  "7d": { ms: 7 * 86_400_000, buckets: 28, tally: 3600 },
};
const SAMPLE = 2000;
/** Stuck operations listed, oldest first. */
const STUCK_SHOWN = 10;

export function percentiles(values: number[]): { p50: number | null; p95: number | null; samples: number } {
  if (values.length === 0) return { p50: null, p95: null, samples: 0 };
  const v = [...values].sort((a, b) => a - b);
  const at = (p: number) => v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), samples: v.length };
}

/** Bucket starts aligned to the bucket size, ending with the bucket that holds `now`. */
export function bucketStarts(now: Date, range: OverviewRange): Date[] {
  const { ms, buckets } = SPAN[range];
  const size = ms / buckets;
  const last = Math.floor(now.getTime() / size) * size;
  return Array.from({ length: buckets }, (_, i) => new Date(last - (buckets - 1 - i) * size));
}

/**
 * The most frequent rejection reasons from `from` to now. A range that starts on an hour (24 h,
 * 7 d) sums the hourly RejectionTally, so its cost does not grow with the rejected rows it
 * covers; 1 h starts on a 5-minute edge and groups the rows of that hour (index [outcome,
 * receivedAt]), which hold as many rows at any history size.
 */
async function rejectionsIn(ctx: Ctx, from: Date): Promise<{ reason: string; count: number }[]> {
  const { db, now } = ctx;
  const counts =
    from.getTime() % 3_600_000 === 0
      ? (
          await db.rejectionTally.groupBy({
            by: ["reason"],
            where: { bucket: { gte: from.getTime() / 3_600_000, lte: Math.floor(now.getTime() / 3_600_000) } },
            _sum: { count: true },
          })
        ).map((r) => ({ reason: r.reason === "" ? null : r.reason, count: r._sum.count ?? 0 }))
      : (await db.inboundRequest.groupBy({ by: ["reason"], where: { outcome: "rejected", receivedAt: { gte: from, lte: now } }, _count: { _all: true } })).map((r) => ({
          reason: r.reason || null,
          count: r._count._all,
        }));
  return counts
    .filter((r) => r.count > 0)
    .map((r) => ({ reason: r.reason ?? "(no reason)", count: r.count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0))
    .slice(0, 8);
}

export async function getOverview(ctx: Ctx, range: OverviewRange): Promise<Overview> {
  const { db, now } = ctx;
  const starts = bucketStarts(now, range);
  const size = SPAN[range].ms / SPAN[range].buckets;
  const from = starts[0]!;
  const inRange = { gte: from, lte: now };
  // stuck: longer in a non-terminal status than its HOOKSCOPE_STUCK_SLA (index [status, updatedAt]),
  // read one status at a time: each is one ordered walk of its own part of the index that stops at
  // a limit, where one OR over the statuses gathered and sorted every stuck operation
  const stuckWhere = Object.entries(ctx.env.HOOKSCOPE_STUCK_SLA)
    .filter(([status]) => (OPERATION_STATUSES as readonly string[]).includes(status))
    .map(([status, ms]) => ({ status, updatedAt: { lt: new Date(now.getTime() - ms) } }));

  // tally buckets from the first bucket's start to the one holding now (bucket = unix s / size)
  const t = SPAN[range].tally;
  const tallyRange = { size: t, bucket: { gte: Math.floor(from.getTime() / 1000 / t), lte: Math.floor(now.getTime() / 1000 / t) } };
  const bucketOf = (tallyBucket: number) => Math.floor((tallyBucket * t * 1000 - from.getTime()) / size);

  const [inboundTally, attemptTally, latencyRows, pendingTally, oldestPending, lagRows, dest, lastAttempts, stuckByStatus, stuckCounts, openAnomalies, rejections] =
    await Promise.all([
      db.inboundTally.groupBy({ by: ["bucket", "provider", "outcome"], where: tallyRange, _sum: { count: true } }),
      db.attemptTally.groupBy({ by: ["bucket", "outcome"], where: tallyRange, _sum: { count: true } }),
      db.delivery.findMany({ where: { deliveredAt: inRange, isTest: false }, orderBy: { deliveredAt: "desc" }, take: SAMPLE, select: { createdAt: true, deliveredAt: true } }),
      // the backlog from the tally kept beside Delivery (model DeliveryTally), not by counting it
      db.deliveryTally.aggregate({ where: { status: "pending" }, _sum: { count: true } }),
      db.delivery.findFirst({ where: { status: "pending" }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
      db.event.findMany({ where: { receivedAt: inRange, eventTime: { not: null } }, orderBy: { receivedAt: "desc" }, take: SAMPLE, select: { provider: true, receivedAt: true, eventTime: true } }),
      getDestination(db),
      db.deliveryAttempt.findMany({ where: { startedAt: { gte: new Date(now.getTime() - 3_600_000) } }, orderBy: { startedAt: "desc" }, take: 20, select: { outcome: true } }),
      Promise.all(stuckWhere.map((where) => db.operation.findMany({ where, orderBy: { updatedAt: "asc" }, take: STUCK_SHOWN, select: { id: true, status: true, updatedAt: true } }))),
      // ordered as the index is: without an order, Prisma orders a count with `take` by id, which
      // sorted every stuck operation of the status before the cap could stop it (query-plans test)
      Promise.all(stuckWhere.map((where) => db.operation.count({ where, orderBy: { updatedAt: "asc" }, take: STUCK_COUNT_CAP + 1 }))),
      // open anomalies by rule from their tally (kept by triggers on Anomaly): hundreds of thousands stay open at 1M events
      db.anomalyTally.groupBy({ by: ["rule"], _sum: { count: true } }),
      rejectionsIn(ctx, from),
    ]);

  const stuck = stuckByStatus
    .flat()
    .sort((a, b) => (a.updatedAt?.getTime() ?? 0) - (b.updatedAt?.getTime() ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, STUCK_SHOWN);
  // each status's count stops one past the cap, so a sum past the cap is all that is known
  const stuckCounted = stuckCounts.reduce((a, b) => a + b, 0);
  const stuckCapped = stuckCounted > STUCK_COUNT_CAP;
  const stuckTotal = Math.min(stuckCounted, STUCK_COUNT_CAP);

  // a rule's slots sum to its count; a rule none are open for any more sums to 0
  const openByRule = openAnomalies
    .map((r) => ({ rule: r.rule, count: r._sum.count ?? 0 }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));

  /** Counts by overview bucket and outcome, and by provider and outcome over the whole range. */
  const inboundBuckets = starts.map(() => new Map<string, number>());
  const attemptBuckets = starts.map(() => new Map<string, number>());
  const byProvider = new Map<string, { provider: string; outcome: string; count: number }>();
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  for (const r of inboundTally) {
    const n = r._sum.count ?? 0;
    const b = inboundBuckets[bucketOf(r.bucket)];
    if (!b || n === 0) continue;
    add(b, r.outcome, n);
    const k = `${r.provider}|${r.outcome}`;
    byProvider.set(k, { provider: r.provider, outcome: r.outcome, count: (byProvider.get(k)?.count ?? 0) + n });
  }
  for (const r of attemptTally) {
    const b = attemptBuckets[bucketOf(r.bucket)];
    if (b && r._sum.count) add(b, r.outcome, r._sum.count);
  }
  const count = (m: Map<string, number>, o: string) => m.get(o) ?? 0;
  const attemptsTotal = attemptBuckets.reduce((n, m) => n + [...m.values()].reduce((a, b) => a + b, 0), 0);
  const delivered = attemptBuckets.reduce((n, m) => n + count(m, "delivered"), 0);

  const lagBy = new Map<string, number[]>();
  for (const e of lagRows) (lagBy.get(e.provider) ?? lagBy.set(e.provider, []).get(e.provider)!).push(Math.max(0, e.receivedAt.getTime() - e.eventTime!.getTime()));

  const failing = lastAttempts.length >= 3 && lastAttempts.slice(0, 3).every((a) => a.outcome !== "delivered");
  const destination: Overview["attention"]["destination"] = !dest.callbackUrl
    ? { state: "no_callback", detail: "No callback URL is set: deliveries wait as pending." }
    : dest.paused
      ? { state: "paused", detail: "Deliveries are paused: new events queue up as pending." }
      : failing
        ? { state: "failing", detail: `The last ${Math.min(lastAttempts.length, 3)} attempts failed.` }
        : { state: "ok", detail: "Deliveries are flowing." };

  return {
    range,
    from: from.toISOString(),
    to: now.toISOString(),
    inbound: {
      buckets: starts.map((s, i) => ({
        at: s.toISOString(),
        accepted: count(inboundBuckets[i]!, "accepted"),
        duplicate: count(inboundBuckets[i]!, "duplicate"),
        rejected: count(inboundBuckets[i]!, "rejected"),
        error: count(inboundBuckets[i]!, "error"),
      })),
      by_provider: [...byProvider.values()],
    },
    relay: {
      buckets: starts.map((s, i) => ({
        at: s.toISOString(),
        delivered: count(attemptBuckets[i]!, "delivered"),
        failed: count(attemptBuckets[i]!, "retry") + count(attemptBuckets[i]!, "failed"),
      })),
      attempts: attemptsTotal,
      delivered_attempts: delivered,
      success_rate: attemptsTotal === 0 ? null : delivered / attemptsTotal,
      latency_ms: percentiles(latencyRows.map((d) => d.deliveredAt!.getTime() - d.createdAt.getTime())),
    },
    backlog: { pending: pendingTally._sum.count ?? 0, oldest_pending_at: oldestPending?.createdAt.toISOString() ?? null },
    provider_lag_ms: [...lagBy.entries()].map(([provider, v]) => ({ provider, ...percentiles(v) })),
    attention: {
      destination,
      stuck_operations: stuck.map((o) => ({ id: o.id, status: o.status, since: (o.updatedAt ?? now).toISOString() })),
      stuck_operations_total: stuckTotal,
      stuck_operations_capped: stuckCapped,
      open_anomalies: { total: openByRule.reduce((n, r) => n + r.count, 0), by_rule: openByRule },
      rejections,
    },
  };
}
