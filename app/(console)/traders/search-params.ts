import type { TraderFilters } from "@/lib/query/filters";

type ParamReader = { get(name: string): string | null };

export function parseTraderSearchParams(params: ParamReader): TraderFilters {
  const strategy = params.get("strategy_id")?.trim() ?? "";
  return { strategy_id: strategy === "" ? null : strategy };
}
