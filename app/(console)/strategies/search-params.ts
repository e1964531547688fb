import type { StrategyFilters } from "@/lib/query/filters";

export const STRATEGY_STATUSES = ["draft", "deployed", "paused", "error", "stopped", "unknown", "active"] as const;
export const STRATEGY_PROVIDERS = ["pipai", "zerohash"] as const;

type ParamReader = { get(name: string): string | null };

const text = (v: string | null): string | null => {
  const t = v?.trim() ?? "";
  return t === "" ? null : t;
};

export function parseStrategySearchParams(params: ParamReader): StrategyFilters {
  const provider = params.get("provider");
  return {
    // Unknown statuses are kept (the provider may add some): the API filters verbatim.
    status: text(params.get("status")),
    provider: provider === "pipai" || provider === "zerohash" ? provider : null,
    q: text(params.get("q")),
  };
}
