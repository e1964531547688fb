import type { StrategyFilters } from "@/lib/query/filters";
import { oneOf, text, type ParamReader } from "@/lib/query/search-params";

export const STRATEGY_STATUSES = ["draft", "deployed", "paused", "error", "stopped", "unknown", "active"] as const;
export const STRATEGY_PROVIDERS = ["pipai", "zerohash"] as const;

export function parseStrategySearchParams(params: ParamReader): StrategyFilters {
  return {
    // Unknown statuses are kept (the provider may add some): the API filters verbatim.
    status: text(params.get("status")),
    provider: oneOf(params.get("provider"), STRATEGY_PROVIDERS),
    q: text(params.get("q")),
  };
}
