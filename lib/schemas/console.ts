// Isomorphic: one filter schema per list, shared by the page (its URL → filters, lib/query/search-params.ts
// readFilters), the route (its query → filters, with the page parameters added) and the query key.
import { z } from "zod";
import { OPERATION_STATUSES } from "@/lib/lifecycle/status";
import { idPrefix, isoDate, noControl, statusList, typePrefix } from "./filters";

const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(300).optional();
/** The page parameters every list route adds to its filters. */
export const pageQuery = { cursor, limit };

export const OPERATION_TYPES = ["enrollment", "top_up", "partial_sell", "rebalance", "liquidation"] as const;

export const operationFilters = z.object({
  /** one or several, comma-separated */
  status: statusList(OPERATION_STATUSES).optional(),
  type: z.string().max(64).optional(),
  /** an id or a prefix of at least 8 characters, like the other id filters */
  operation_id: idPrefix("operation_id").optional(),
  strategy_id: idPrefix("strategy_id").optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type OperationFilters = z.output<typeof operationFilters>;
export const operationsQuery = operationFilters.extend(pageQuery);
export type OperationsQuery = z.infer<typeof operationsQuery>;

export const traderFilters = z.object({ trader_id: idPrefix("trader_id").optional(), strategy_id: idPrefix("strategy_id").optional() });
export type TraderFilters = z.output<typeof traderFilters>;
export const tradersQuery = traderFilters.extend(pageQuery);
export type TradersQuery = z.infer<typeof tradersQuery>;

export const INBOUND_OUTCOMES = ["accepted", "duplicate", "rejected", "error"] as const;
export const inboundFilters = z.object({
  outcome: z.enum(INBOUND_OUTCOMES).optional(),
  provider: z.string().max(32).optional(),
  /** the provider's event/notification id, exact: every request that carried it */
  notification_id: z.string().trim().max(128).refine(noControl, "notification_id contains control characters").optional(),
});
export type InboundFilters = z.output<typeof inboundFilters>;
export const inboundQuery = inboundFilters.extend(pageQuery);
export type InboundQuery = z.infer<typeof inboundQuery>;

export const STRATEGY_PROVIDERS = ["pipai", "zerohash"] as const;
const q = z.string().trim().max(128).optional();

/** Both providers' strategy statuses (PipAI's lifecycle, zerohash's active/unknown). */
export const STRATEGY_LIST_STATUSES = ["draft", "deployed", "paused", "error", "stopped", "unknown", "active"] as const;

export const strategyFilters = z.object({
  /** one or several, comma-separated */
  status: statusList(STRATEGY_LIST_STATUSES).optional(),
  provider: z.enum(STRATEGY_PROVIDERS).optional(),
  /** name or id, case-insensitive substring */
  q,
});
export type StrategyFilters = z.output<typeof strategyFilters>;
export const strategiesQuery = strategyFilters.extend(pageQuery);
export type StrategiesQuery = z.infer<typeof strategiesQuery>;

export const eventFilters = z.object({
  provider: z.enum(STRATEGY_PROVIDERS).optional(),
  /** a whole event type or its beginning */
  type: typePrefix.optional(),
  /** receipt time range */
  from: isoDate.optional(),
  to: isoDate.optional(),
  /**
   * any id: event id, provider event/notification id, strategy, operation, execution, trader,
   * position, order, job — exact, or a prefix when it has at least 8 characters
   */
  q: z.string().trim().max(128).refine(noControl, "q contains control characters").optional(),
});
export type EventFilters = z.output<typeof eventFilters>;
export const eventsQuery = eventFilters.extend(pageQuery);
export type EventsQuery = z.infer<typeof eventsQuery>;

export const BACKTEST_STATUSES = ["done", "failed"] as const;
export const backtestFilters = z.object({ status: z.enum(BACKTEST_STATUSES).optional() });
export type BacktestFilters = z.output<typeof backtestFilters>;
export const backtestsQuery = backtestFilters.extend(pageQuery);
export type BacktestsQuery = z.infer<typeof backtestsQuery>;

export const ALERT_KINDS = ["balance_low", "api_key_rotated"] as const;
export const alertFilters = z.object({ kind: z.enum(ALERT_KINDS).optional() });
export type AlertFilters = z.output<typeof alertFilters>;
export const alertsQuery = alertFilters.extend(pageQuery);
export type AlertsQuery = z.infer<typeof alertsQuery>;
