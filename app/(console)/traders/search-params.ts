import type { TraderFilters } from "@/lib/query/filters";
import { text, type ParamReader } from "@/lib/query/search-params";

export function parseTraderSearchParams(params: ParamReader): TraderFilters {
  return { trader_id: text(params.get("trader_id")), strategy_id: text(params.get("strategy_id")) };
}
