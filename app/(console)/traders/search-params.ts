import type { TraderFilters } from "@/lib/query/filters";
import { text, type ParamReader } from "@/lib/query/search-params";

export function parseTraderSearchParams(params: ParamReader): TraderFilters {
  return { strategy_id: text(params.get("strategy_id")) };
}
