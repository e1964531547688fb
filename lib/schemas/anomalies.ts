// Isomorphic: the anomalies list's filters (URL, route, query key), its answer, and the acknowledge body.
import { z } from "zod";
import { STRATEGY_ANOMALY_CODES } from "@/lib/lifecycle/strategy";
import { ANOMALY_CODES } from "@/lib/lifecycle/types";
import { pageQuery } from "./console";
import { isoDate, noControl } from "./filters";
import { pageOf } from "./page";

export const ANOMALY_STATES = ["open", "acknowledged", "cleared"] as const;
export type AnomalyState = (typeof ANOMALY_STATES)[number];
export const ANOMALY_ENTITY_KINDS = ["operation", "execution", "trader", "strategy", "position", "backtest"] as const;
export const ANOMALY_PROVIDERS = ["zerohash", "pipai"] as const;
export const ANOMALY_SEVERITIES = ["info", "warning", "critical"] as const;

/** Rule codes the gateway raises (lib/lifecycle). The filter accepts any code-shaped text, so a rule added later is filterable too. */
export const ANOMALY_RULES: readonly string[] = [...new Set<string>([...ANOMALY_CODES, ...STRATEGY_ANOMALY_CODES])].sort();

/** The list's filters: ONE schema for the page's URL, the route's query and the query key. */
export const anomalyFilters = z.object({
  rule: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "rule must be a rule code such as stuck").optional(),
  provider: z.enum(ANOMALY_PROVIDERS).optional(),
  entity_kind: z.enum(ANOMALY_ENTITY_KINDS).optional(),
  state: z.enum(ANOMALY_STATES).optional(),
  /** raisedAt range */
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type AnomalyFilters = z.output<typeof anomalyFilters>;
export const anomaliesQuery = anomalyFilters.extend(pageQuery);
export type AnomaliesQuery = z.infer<typeof anomaliesQuery>;

export const anomalySchema = z.strictObject({
  id: z.string(),
  rule: z.string(),
  severity: z.string(),
  provider: z.string(),
  entity_kind: z.string(),
  entity_id: z.string(),
  operation_id: z.string().nullable(),
  strategy_id: z.string().nullable(),
  /** the console page of the entity (an execution's operation, a position's strategy) */
  href: z.string(),
  message: z.string(),
  state: z.enum(ANOMALY_STATES),
  raised_at: z.string(),
  cleared_at: z.string().nullable(),
  acknowledged_at: z.string().nullable(),
  acknowledged_by: z.string().nullable(),
  note: z.string().nullable(),
});
export type AnomalyView = z.infer<typeof anomalySchema>;

export const anomalyPageSchema = pageOf(anomalySchema);
export type AnomalyPage = z.infer<typeof anomalyPageSchema>;

export const acknowledgeBody = z
  .object({
    ids: z.array(z.string().min(1).max(64).refine(noControl, "ids: an id contains control characters")).min(1, "ids: select at least one anomaly").max(500, "ids: at most 500 at once"),
    note: z
      .string()
      .trim()
      .min(1, "note: say why (1 to 1000 characters)")
      .max(1000, "note: at most 1000 characters")
      // line breaks and tabs are text; other control characters (NUL, which PostgreSQL refuses, first) are not
      .refine((v) => noControl(v.replace(/[\n\t]/g, " ")), "note: contains control characters"),
  })
  .strict();
export type AcknowledgeBody = z.infer<typeof acknowledgeBody>;

export const acknowledgeResultSchema = z.strictObject({
  /** anomalies acknowledged by this request */
  acknowledged: z.number().int(),
  /** ids that were not found or already acknowledged */
  skipped: z.array(z.string()),
});
export type AcknowledgeResult = z.infer<typeof acknowledgeResultSchema>;
