// Isomorphic wire schemas of the strategies API, PipAI backtests and account alerts.
import { z } from "zod";
import { consoleEventSchema } from "./events";
import { backtestMetricsSchema, fillSchema, orderSchema, positionSchema, strategyAnomalySchema, strategyErrorSchema, strategyTransitionSchema } from "./lifecycle";
import { operationSummarySchema } from "./operations";
import { pageOf } from "./page";
import { traderSchema } from "./traders";

export const strategySummarySchema = z.strictObject({
  id: z.string(),
  provider: z.string(),
  name: z.string().nullable(),
  status: z.string(),
  capital: z.string().nullable(),
  leverage: z.number().nullable(),
  deployed_at: z.string().nullable(),
  dry_run: z.boolean().nullable(),
  last_error: z.strictObject({ error_code: z.string(), message: z.string(), at: z.string().nullable() }).nullable(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  first_received_at: z.string(),
  last_received_at: z.string(),
  event_count: z.number().int(),
  realized_pnl: z.string(),
  open_positions: z.number().int(),
  closed_positions: z.number().int(),
  fill_count: z.number().int(),
  anomaly_count: z.number().int(),
  anomalies: z.array(strategyAnomalySchema),
});
export type StrategySummary = z.infer<typeof strategySummarySchema>;
export const strategiesPageSchema = pageOf(strategySummarySchema);

export const strategyDetailSchema = z.strictObject({
  strategy: strategySummarySchema.nullable(),
  transitions: z.array(strategyTransitionSchema),
  positions: z.array(positionSchema),
  pnl: z.strictObject({ realized: z.string(), closed_positions: z.number().int(), open_positions: z.number().int() }),
  orders: z.array(orderSchema),
  fills: z.array(fillSchema),
  errors: z.array(strategyErrorSchema),
  anomalies: z.array(strategyAnomalySchema),
  events: z.array(consoleEventSchema),
  /** zerohash: the strategy's latest operations and traders (empty for PipAI) */
  operations: z.array(operationSummarySchema),
  traders: z.array(traderSchema),
});
export type StrategyDetail = z.infer<typeof strategyDetailSchema>;

export const backtestSchema = z.strictObject({
  id: z.string(),
  status: z.string(),
  strategy_id: z.string().nullable(),
  metrics: backtestMetricsSchema.nullable(),
  /** the metrics object exactly as received (unknown keys kept) */
  raw_metrics: z.record(z.string(), z.unknown()).nullable(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  finished_at: z.string().nullable(),
  received_at: z.string(),
  event_count: z.number().int(),
  anomalies: z.array(strategyAnomalySchema),
});
export type Backtest = z.infer<typeof backtestSchema>;
export const backtestsPageSchema = pageOf(backtestSchema);

export const accountAlertSchema = z.strictObject({
  id: z.string(),
  kind: z.string(),
  asset: z.string().nullable(),
  balance: z.string().nullable(),
  threshold: z.string().nullable(),
  key_id: z.string().nullable(),
  rotated_at: z.string().nullable(),
  event_time: z.string(),
  received_at: z.string(),
});
export type AccountAlert = z.infer<typeof accountAlertSchema>;
export const alertsPageSchema = pageOf(accountAlertSchema);
