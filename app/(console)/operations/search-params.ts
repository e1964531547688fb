import type { OperationFilters } from "@/lib/query/filters";
import { isoDate, oneOf, text, type ParamReader } from "@/lib/query/search-params";
import { knownList } from "@/lib/schemas/filters";
import { OPERATION_STATUSES } from "@/lib/lifecycle/status";

export { OPERATION_STATUSES };
export const OPERATION_TYPES = ["enrollment", "top_up", "partial_sell", "rebalance", "liquidation"] as const;

/** The status tabs: each stands for a set of statuses, written comma-separated in the URL. */
export const OPERATION_STATUS_TABS = [
  { value: "", label: "All" },
  { value: "validating,pricing,settling", label: "In progress" },
  { value: "settled", label: "Settled" },
  { value: "skipped", label: "Skipped" },
  { value: "failed", label: "Failed" },
] as const;

export function parseOperationSearchParams(params: ParamReader): OperationFilters {
  return {
    // known statuses only, in the lattice's order, so the same set is always the same query key
    status: knownList(params.get("status"), OPERATION_STATUSES)?.sort((a, b) => OPERATION_STATUSES.indexOf(a) - OPERATION_STATUSES.indexOf(b)).join(",") ?? null,
    type: oneOf(params.get("type"), OPERATION_TYPES),
    operation_id: text(params.get("operation_id")),
    strategy_id: text(params.get("strategy_id")),
    from: isoDate(params.get("from")),
    to: isoDate(params.get("to")),
  };
}
