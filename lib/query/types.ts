// Wire types of the console JSON API (snake_case, exactly as served).
// Decimal amounts are strings and must be displayed verbatim.

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
  received_at: string;
  outcome: string;
  http_status: number;
  reason: string | null;
  headers: Record<string, string>;
  raw_body: string;
  body_encoding: "utf8" | "base64";
};

export type Page<T> = { items: T[]; next_cursor: string | null };
