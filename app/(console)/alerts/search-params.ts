import type { AlertFilters } from "@/lib/query/filters";

type ParamReader = { get(name: string): string | null };

export function parseAlertSearchParams(params: ParamReader): AlertFilters {
  const k = params.get("kind");
  return { kind: k === "balance_low" || k === "api_key_rotated" ? k : null };
}
