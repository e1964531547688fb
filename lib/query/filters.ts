// Normalised filter shapes shared by the URL parsers (app/(console)/*/search-params.ts),
// the query keys and the request builders.

export type OperationFilters = {
  /** one or several statuses, comma-separated */
  status: string | null;
  type: string | null;
  /** an id or a prefix of 8+ characters */
  operation_id: string | null;
  strategy_id: string | null;
  /** ISO datetime (UTC) */
  from: string | null;
  /** ISO datetime (UTC) */
  to: string | null;
};

export type TraderFilters = {
  trader_id: string | null;
  strategy_id: string | null;
};

export type InboundFilters = {
  outcome: "accepted" | "duplicate" | "rejected" | "error" | null;
  provider: string | null;
  notification_id: string | null;
};

export type DeliveryFilters = {
  status: "failing" | "pending" | "delivered" | "failed" | null;
  event_type: string | null;
  /** ISO datetime (UTC) */
  from: string | null;
  /** ISO datetime (UTC) */
  to: string | null;
  http_status: "2xx" | "3xx" | "4xx" | "5xx" | "none" | null;
  kind: "real" | "test" | null;
  operation_id: string | null;
  strategy_id: string | null;
};

export type StrategyFilters = {
  status: string | null;
  provider: "pipai" | "zerohash" | null;
  /** name or id substring */
  q: string | null;
};

export type EventFilters = {
  provider: "pipai" | "zerohash" | null;
  type: string | null;
  /** any id */
  q: string | null;
  /** ISO datetime (UTC), receipt time */
  from: string | null;
  to: string | null;
};

export type BacktestFilters = { status: "done" | "failed" | null };
export type AlertFilters = { kind: "balance_low" | "api_key_rotated" | null };
