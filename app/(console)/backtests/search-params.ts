import type { BacktestFilters } from "@/lib/query/filters";

type ParamReader = { get(name: string): string | null };

export function parseBacktestSearchParams(params: ParamReader): BacktestFilters {
  const s = params.get("status");
  return { status: s === "done" || s === "failed" ? s : null };
}
