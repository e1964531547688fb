// Isomorphic: the overview's query and answer.
import { z } from "zod";

export const OVERVIEW_RANGES = ["1h", "24h", "7d"] as const;
export type OverviewRange = (typeof OVERVIEW_RANGES)[number];
/** The overview counts stuck operations up to this many (past it, "1,000+"); each status's count stops one past it. */
export const STUCK_COUNT_CAP = 1000;
export const overviewQuery = z.object({ range: z.enum(OVERVIEW_RANGES).default("24h") });

const pct = z.strictObject({ p50: z.number().nullable(), p95: z.number().nullable(), samples: z.number() });

export const overviewSchema = z.strictObject({
  range: z.enum(OVERVIEW_RANGES),
  from: z.string(),
  to: z.string(),
  inbound: z.strictObject({
    buckets: z.array(z.strictObject({ at: z.string(), accepted: z.number(), duplicate: z.number(), rejected: z.number(), error: z.number() })),
    by_provider: z.array(z.strictObject({ provider: z.string(), outcome: z.string(), count: z.number() })),
  }),
  relay: z.strictObject({
    buckets: z.array(z.strictObject({ at: z.string(), delivered: z.number(), failed: z.number() })),
    attempts: z.number(),
    delivered_attempts: z.number(),
    success_rate: z.number().nullable(),
    latency_ms: pct,
  }),
  backlog: z.strictObject({ pending: z.number(), oldest_pending_at: z.string().nullable() }),
  provider_lag_ms: z.array(z.strictObject({ provider: z.string(), ...pct.shape })),
  attention: z.strictObject({
    destination: z.strictObject({ state: z.enum(["ok", "no_callback", "paused", "failing"]), detail: z.string() }),
    stuck_operations: z.array(z.strictObject({ id: z.string(), status: z.string(), since: z.string() })),
    /** stuck operations counted, at most STUCK_COUNT_CAP */
    stuck_operations_total: z.number(),
    /** true when there are more than STUCK_COUNT_CAP (the total is then the cap) */
    stuck_operations_capped: z.boolean(),
    /** open (unacknowledged, uncleared) anomalies of the Anomaly table, all time, by rule */
    open_anomalies: z.strictObject({ total: z.number(), by_rule: z.array(z.strictObject({ rule: z.string(), count: z.number() })) }),
    rejections: z.array(z.strictObject({ reason: z.string(), count: z.number() })),
  }),
});
export type Overview = z.infer<typeof overviewSchema>;
