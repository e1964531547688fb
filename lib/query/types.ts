// Wire types of the console JSON API (snake_case, exactly as served).
// Decimal amounts are strings and must be displayed verbatim.
// Shapes computed by the pure reducers in lib/lifecycle are re-exported (type-only: those modules
// are isomorphic) rather than restated.
import type { BacktestMetrics, BacktestState } from "@/lib/lifecycle/backtest";
import type { Delivery, NextRetry } from "@/lib/lifecycle/retry";
import type {
  FillView,
  OrderSummary,
  PositionState,
  StrategyAnomaly,
  StrategyErrorView,
  StrategyState,
  StrategyTransition,
} from "@/lib/lifecycle/strategy";
import type { Allocation, Anomaly, ExecutionState, Instruction, OperationState, Transition } from "@/lib/lifecycle/types";
import type { ConsoleDeliveryStatus, DeliverySubject } from "@/lib/schemas/relay";

export type { Allocation, Anomaly, BacktestMetrics, Instruction, Transition };
export type { Delivery, FillView, NextRetry, OrderSummary, PositionState, StrategyAnomaly, StrategyErrorView, StrategyTransition };

export type Severity = Anomaly["severity"];

/** An operation as the list API returns it: its reduced state plus list-only flags. */
export type OperationSummary = Omit<OperationState, "last_event_at"> & {
  anomaly_count: number;
  stuck: boolean;
};

export type ExecutionView = Pick<
  ExecutionState,
  "id" | "participant_code" | "trader_id" | "account_label" | "status" | "status_reason" | "created_at" | "updated_at" | "instructions"
> & {
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
  /** null while only execution events of the operation have arrived (out-of-order delivery) */
  operation: OperationSummary | null;
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
  created_at: string | null;
  updated_at: string | null;
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
  body_encoding: "utf8" | "base64";
  /** bytes received (null: not recorded, or the body was never read) */
  body_length: number | null;
  /** the event this request stored (accepted), or the one it repeated (duplicate) */
  event_id: string | null;
};

/** GET /api/console/inbound/{id}: a row with its headers and body (list rows carry neither). */
export type InboundRequestDetail = InboundRequest & {
  headers: Record<string, string>;
  raw_body: string;
  body_sha256: string | null;
  /** only the first 8 KiB of a rejected body is kept */
  body_truncated: boolean;
};

export type Page<T> = { items: T[]; next_cursor: string | null };

export type DeliverySummary = {
  id: string;
  event_type: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  last_error: string | null;
  response_status: number | null;
  callback_url: string | null;
  created_at: string;
  delivered_at: string | null;
  webhook_id: string;
  source: string;
  is_test: boolean;
  event_id: string | null;
  operation_id: string | null;
  strategy_id: string | null;
  next_attempt_at: string | null;
  failed_reason: string | null;
  /** pending split in two: "failing" has failed attempts in its current schedule (lib/schemas/relay.ts) */
  console_status: ConsoleDeliveryStatus;
  /** failed attempts since the current schedule started (a manual retry of a failed one restarts it) */
  schedule_attempts: number;
  max_attempts: number;
  subject: DeliverySubject | null;
};

export type DeliveryAttempt = {
  number: number;
  started_at: string;
  duration_ms: number;
  url: string;
  request_headers: Record<string, string>;
  request_body: string;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  error: string | null;
  outcome: "delivered" | "retry" | "failed";
  next_attempt_at: string | null;
};

export type DeliveryDetail = {
  delivery: DeliverySummary & { payload: string };
  attempts: DeliveryAttempt[];
  event: { id: string; provider: string; external_id: string; type: string; subject_type: string | null; subject_id: string | null; received_at: string } | null;
  entity: { kind: "operation" | "strategy"; id: string } | null;
  subject: DeliverySubject | null;
};

export type RelaySettings = {
  success: true;
  callback_url: string | null;
  description: string;
  paused: boolean;
  updated_at: string | null;
  signing_secret_masked: string;
};

export type ApiKey = { id: string; name: string; prefix: string; role: string; created_at: string; created_by: string | null; expires_at: string | null; last_used_at: string | null; revoked_at: string | null };

export type TestSendResponse = {
  success: boolean;
  callback_url: string;
  status_code?: number;
  response_time_ms: number;
  error?: string;
  delivery_id: string;
};

// --- strategies (PipAI + zerohash), events explorer, backtests, alerts ---

export type StrategySummary = Omit<StrategyState, "last_error"> & {
  provider: string;
  last_error: (Pick<StrategyErrorView, "error_code" | "message"> & { at: string | null }) | null;
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
  /** the provider's attempts at sending this event (inbound requests) */
  deliveries: Delivery[];
  next_retry: NextRetry | null;
  /** the relay's delivery onward, when one was enqueued */
  relay_delivery: { id: string; status: string } | null;
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
  /** zerohash: the strategy's latest operations and traders (empty for PipAI) */
  operations: OperationSummary[];
  traders: Trader[];
};

export type TraderDetail = {
  /** null while the trader is known only from executions that name it */
  trader: Trader | null;
  enrollment: { execution_id: string; operation_id: string; operation_known: boolean; status: string; settled_at: string | null } | null;
  executions: {
    id: string;
    operation_id: string;
    operation_type: string | null;
    strategy_id: string;
    participant_code: string;
    status: string;
    status_reason: string;
    updated_at: string | null;
  }[];
  operations: OperationSummary[];
};

export type Backtest = Omit<BacktestState, "status"> & { status: string };

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
