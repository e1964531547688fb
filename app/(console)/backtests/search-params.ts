import type { BacktestFilters } from "@/lib/query/filters";
import { oneOf, type ParamReader } from "@/lib/query/search-params";

export const BACKTEST_OUTCOMES = ["done", "failed"] as const;

export function parseBacktestSearchParams(params: ParamReader): BacktestFilters {
  return { status: oneOf(params.get("status"), BACKTEST_OUTCOMES) };
}
