// Plain structural types for zerohash trade-strategy webhook payloads (snake_case, as on the wire).
// Extra fields are allowed (TS structural typing); nothing here validates — parsing lives elsewhere.

export type Allocation = { underlying_currency: string; weight: string };

export type OperationPayload = {
  id: string;
  strategy_id: string;
  request_id: string;
  type: string;
  status: string;
  status_reason: string;
  allocations: Allocation[];
  created_at: string;
  updated_at: string;
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

export type ExecutionPayload = {
  id: string;
  strategy_id: string;
  operation_id: string;
  trader_id: string;
  participant_code: string;
  /** The spec says "may be absent"; optional so raw payloads type-check. Treated as "" when missing. */
  account_label?: string;
  status: string;
  status_reason: string;
  instructions: Instruction[];
  created_at: string;
  updated_at: string;
};

export type LifecycleEvent<P> = { notificationId: string; receivedAt: Date; payload: P };

export const ANOMALY_CODES = [
  "impossible_transition",
  "unknown_status",
  "stuck",
  "missed_events",
  "fills_mismatch",
  "execution_before_operation_terminal",
  "terminal_reason_mismatch",
  /** a second terminal status after the entity already had one */
  "two_terminal_statuses",
  /** executions arrived for an operation whose own webhooks never did */
  "operation_missing",
  /** an event arrived later after its event time than HOOKSCOPE_LAG_THRESHOLD */
  "provider_lag",
] as const;
export type AnomalyCode = (typeof ANOMALY_CODES)[number];

export type Anomaly = {
  code: AnomalyCode;
  severity: "warning" | "critical" | "info";
  message: string;
  /** event updated_at when tied to one event */
  at?: string;
};

export type Transition = {
  notification_id: string;
  from: string | null;
  status: string;
  status_reason: string;
  updated_at: string;
  /** ISO */
  received_at: string;
  applied: boolean;
  anomaly?: Anomaly;
};

/** The fields every reduced lifecycle shares, read off its walk (walk.ts walkSummary). */
export type LifecycleSummary = {
  status: string;
  status_reason: string;
  /** updated_at of the event that set the current status */
  updated_at: string;
  /** max updated_at seen (by parsed time; unparseable timestamps sort first) */
  last_event_at: string;
  /** ISO; min/max receivedAt over every delivery (retries included) */
  first_received_at: string;
  last_received_at: string;
  /** distinct notifications */
  event_count: number;
};

export type OperationState = LifecycleSummary & {
  id: string;
  strategy_id: string;
  request_id: string;
  type: string;
  allocations: Allocation[];
  created_at: string;
};

export type ExecutionState = LifecycleSummary & {
  id: string;
  operation_id: string;
  strategy_id: string;
  trader_id: string;
  participant_code: string;
  account_label: string;
  /** from the event that set the current status; falls back to the latest event with non-empty instructions */
  instructions: Instruction[];
  created_at: string;
};

export type Reduced<S> = { state: S; transitions: Transition[]; anomalies: Anomaly[] };
