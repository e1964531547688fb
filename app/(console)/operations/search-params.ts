import type { OperationFilters } from "@/lib/query/filters";
import { isoDate, oneOf, text, type ParamReader } from "@/lib/query/search-params";

export const OPERATION_STATUSES = ["validating", "pricing", "settling", "settled", "skipped", "failed"] as const;
export const OPERATION_TYPES = ["enrollment", "top_up", "partial_sell", "rebalance", "liquidation"] as const;

export function parseOperationSearchParams(params: ParamReader): OperationFilters {
  return {
    status: oneOf(params.get("status"), OPERATION_STATUSES),
    type: oneOf(params.get("type"), OPERATION_TYPES),
    strategy_id: text(params.get("strategy_id")),
    from: isoDate(params.get("from")),
    to: isoDate(params.get("to")),
  };
}
