// Isomorphic wire schemas of what the pure reducers in lib/lifecycle compute and the console serves
// as is. The TS types stay in lib/lifecycle (the reducers own them); the checks at the bottom fail
// to compile when a schema and its type disagree in either direction.
import { z } from "zod";
import type { BacktestMetrics } from "@/lib/lifecycle/backtest";
import type { Delivery, NextRetry } from "@/lib/lifecycle/retry";
import type { FillView, OrderSummary, PositionState, StrategyAnomaly, StrategyErrorView, StrategyTransition } from "@/lib/lifecycle/strategy";
import { STRATEGY_ANOMALY_CODES, STRATEGY_STATUSES } from "@/lib/lifecycle/strategy";
import { ANOMALY_CODES, type Allocation, type Anomaly, type Instruction, type Transition } from "@/lib/lifecycle/types";

const SEVERITIES = ["warning", "critical", "info"] as const;

export const allocationSchema = z.strictObject({ underlying_currency: z.string(), weight: z.string() });

export const instructionSchema = z.strictObject({
  underlying_currency: z.string(),
  quoted_currency: z.string(),
  side: z.string(),
  amount: z.string(),
  amount_type: z.string(),
  status: z.string(),
  status_reason: z.string(),
  price: z.string(),
  quantity: z.string(),
  total_notional: z.string(),
  trade_ids: z.array(z.string()),
  executed_at: z.string(),
});

export const anomalySchema = z.strictObject({
  code: z.enum(ANOMALY_CODES),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  /** event updated_at when tied to one event */
  at: z.string().optional(),
});

export const transitionSchema = z.strictObject({
  notification_id: z.string(),
  from: z.string().nullable(),
  status: z.string(),
  status_reason: z.string(),
  updated_at: z.string(),
  received_at: z.string(),
  applied: z.boolean(),
  anomaly: anomalySchema.optional(),
});

export const strategyAnomalySchema = z.strictObject({
  code: z.enum(STRATEGY_ANOMALY_CODES),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  at: z.string().optional(),
});

export const strategyTransitionSchema = z.strictObject({
  event_id: z.string(),
  type: z.string(),
  from: z.string().nullable(),
  status: z.enum(STRATEGY_STATUSES),
  at: z.string(),
  received_at: z.string(),
  applied: z.boolean(),
  detail: z.string(),
  anomaly: strategyAnomalySchema.optional(),
});

export const positionSchema = z.strictObject({
  id: z.string(),
  strategy_id: z.string(),
  symbol: z.string(),
  side: z.string(),
  status: z.enum(["open", "closed"]),
  entry_price: z.string(),
  qty: z.string(),
  leverage: z.number().nullable(),
  exit_price: z.string().nullable(),
  exit_qty: z.string().nullable(),
  pnl: z.string().nullable(),
  opened_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  event_count: z.number().int(),
  anomalies: z.array(strategyAnomalySchema),
});

export const fillSchema = z.strictObject({
  event_id: z.string(),
  order_id: z.string(),
  symbol: z.string(),
  side: z.string(),
  type: z.string(),
  price: z.string(),
  qty: z.string(),
  filled_at: z.string(),
  received_at: z.string(),
});

export const orderSchema = z.strictObject({
  order_id: z.string(),
  symbol: z.string(),
  side: z.string(),
  type: z.string(),
  fill_count: z.number().int(),
  filled_qty: z.string(),
  avg_price: z.string(),
  first_filled_at: z.string(),
  last_filled_at: z.string(),
  partial: z.boolean(),
});

export const strategyErrorSchema = z.strictObject({ event_id: z.string(), error_code: z.string(), message: z.string(), at: z.string(), received_at: z.string() });

/** One attempt of a provider at sending an event (an inbound request). */
export const providerDeliverySchema = z.strictObject({
  delivery_id: z.string().nullable(),
  attempt: z.number().int().nullable(),
  received_at: z.string(),
  outcome: z.string(),
  http_status: z.number().int(),
});

export const nextRetrySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("scheduled"), attempt: z.number().int(), at: z.string() }),
  z.strictObject({ kind: z.literal("exhausted"), reason: z.string() }),
  z.strictObject({ kind: z.literal("unknown"), reason: z.string() }),
]);

export const backtestMetricsSchema = z.strictObject({
  total_return: z.string().nullable(),
  sharpe: z.string().nullable(),
  max_drawdown: z.string().nullable(),
  win_rate: z.string().nullable(),
  total_trades: z.number().int().nullable(),
  profit_factor: z.string().nullable(),
});

// Compile-time agreement of each schema with the reducers' type, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <T extends true>(): T => true as T;
export const _lifecycleTypesAgree = [
  agree<Same<z.infer<typeof allocationSchema>, Allocation>>(),
  agree<Same<z.infer<typeof instructionSchema>, Instruction>>(),
  agree<Same<z.infer<typeof anomalySchema>, Anomaly>>(),
  agree<Same<z.infer<typeof transitionSchema>, Transition>>(),
  agree<Same<z.infer<typeof strategyAnomalySchema>, StrategyAnomaly>>(),
  agree<Same<z.infer<typeof strategyTransitionSchema>, StrategyTransition>>(),
  agree<Same<z.infer<typeof positionSchema>, PositionState>>(),
  agree<Same<z.infer<typeof fillSchema>, FillView>>(),
  agree<Same<z.infer<typeof orderSchema>, OrderSummary>>(),
  agree<Same<z.infer<typeof strategyErrorSchema>, StrategyErrorView>>(),
  agree<Same<z.infer<typeof providerDeliverySchema>, Delivery>>(),
  agree<Same<z.infer<typeof nextRetrySchema>, NextRetry>>(),
  agree<Same<z.infer<typeof backtestMetricsSchema>, BacktestMetrics>>(),
];
