// Wire types of the console JSON API (snake_case, exactly as served).
// Decimal amounts are strings and must be displayed verbatim.
import type { FillView, OrderSummary, PositionState, StrategyAnomaly, StrategyErrorView, StrategyTransition } from "@/lib/lifecycle/strategy";
import type { Delivery, NextRetry } from "@/lib/lifecycle/retry";

export type Severity = "info" | "warning" | "critical";

export type Anomaly = {
  code: string;
  severity: Severity;
  message: string;
  at?: string;
};

export type Allocation = { underlying_currency: string; weight: string };

export type OperationSummary = {
  id: string;
  strategy_id: string;
  request_id: string;
  type: string;
  status: string;
  status_reason: string;
  allocations: Allocation[];
  created_at: string;
  updated_at: string;
  first_received_at: string;
  last_received_at: string;
  event_count: number;
  anomaly_count: number;
  stuck: boolean;
};

export type Transition = {
  notification_id: string;
  from: string | null;
  status: string;
  status_reason: string;
  updated_at: string;
  received_at: string;
  applied: boolean;
  anomaly?: Anomaly;
};

export type Instruction = {
  underlying_currency: string;
  quoted_currency: string;
  side: string;
  amount: string;
  amount_type: string;
  status: string;
  status_reason: string;
  price: string;
  quantity: string;
  total_notional: string;
  trade_ids: string[];
  executed_at: string;
};

export type ExecutionView = {
  id: string;
  participant_code: string;
  trader_id: string;
  account_label: string;
  status: string;
  status_reason: string;
  created_at: string;
  updated_at: string;
  instructions: Instruction[];
  transitions: Transition[];
  anomalies: Anomaly[];
};

export type RawEvent = {
  id: string;
  notification_id: string;
  type: string;
  status: string | null;
  event_time: string | null;
  received_at: string;
  payload: string;
};

export type OperationDetail = {
  operation: OperationSummary;
  transitions: Transition[];
  executions: ExecutionView[];
  anomalies: Anomaly[];
  events: RawEvent[];
};

export type Trader = {
  id: string;
  strategy_id: string;
  participant_code: string;
  account_label: string;
  auto_rebalance: boolean;
  created_at: string;
  updated_at: string;
  received_at: string;
  anomalies: Anomaly[];
};

export type InboundOutcome = "accepted" | "duplicate" | "rejected" | "error";

export type InboundRequest = {
  id: string;
  provider: string;
  payload_type: string;
  notification_id: string;
  /** PipAI: X-PipAI-Delivery-Id / X-PipAI-Delivery-Attempt (null for zerohash) */
  delivery_id: string | null;
  delivery_attempt: number | null;
  received_at: string;
  outcome: string;
  http_status: number;
  reason: string | null;
  headers: Record<string, string>;
  raw_body: string;
  body_encoding: "utf8" | "base64";
};

export type Page<T> = { items: T[]; next_cursor: string | null };

// --- strategies (PipAI + zerohash), events explorer, backtests, alerts ---
// Shapes computed by the pure reducers come from lib/lifecycle (isomorphic, type-only imports).
export type { Delivery, FillView, NextRetry, OrderSummary, PositionState, StrategyAnomaly, StrategyErrorView, StrategyTransition };

export type StrategySummary = {
  id: string;
  provider: string;
  name: string | null;
  status: string;
  capital: string | null;
  leverage: number | null;
  deployed_at: string | null;
  dry_run: boolean | null;
  last_error: { error_code: string; message: string; at: string | null } | null;
  created_at: string | null;
  updated_at: string | null;
  first_received_at: string;
  last_received_at: string;
  event_count: number;
  realized_pnl: string;
  open_positions: number;
  closed_positions: number;
  fill_count: number;
  anomaly_count: number;
  anomalies: StrategyAnomaly[];
};

export type ConsoleEvent = {
  id: string;
  provider: string;
  type: string;
  external_id: string;
  subject_type: string | null;
  subject_id: string | null;
  strategy_id: string | null;
  operation_id: string | null;
  status: string | null;
  status_reason: string | null;
  event_time: string | null;
  received_at: string;
  payload: string;
  deliveries: Delivery[];
  next_retry: NextRetry | null;
};

export type StrategyDetail = {
  strategy: StrategySummary | null;
  transitions: StrategyTransition[];
  positions: PositionState[];
  pnl: { realized: string; closed_positions: number; open_positions: number };
  orders: OrderSummary[];
  fills: FillView[];
  errors: StrategyErrorView[];
  anomalies: StrategyAnomaly[];
  events: ConsoleEvent[];
};

export type Backtest = {
  id: string;
  status: string;
  strategy_id: string | null;
  metrics: { total_return: string | null; sharpe: string | null; max_drawdown: string | null; win_rate: string | null; total_trades: number | null; profit_factor: string | null } | null;
  raw_metrics: Record<string, unknown> | null;
  error_code: string | null;
  error_message: string | null;
  finished_at: string | null;
  received_at: string;
  event_count: number;
  anomalies: StrategyAnomaly[];
};

export type AccountAlert = {
  id: string;
  kind: string;
  asset: string | null;
  balance: string | null;
  threshold: string | null;
  key_id: string | null;
  rotated_at: string | null;
  event_time: string;
  received_at: string;
};
