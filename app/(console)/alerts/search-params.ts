import type { AlertFilters } from "@/lib/query/filters";
import { oneOf, type ParamReader } from "@/lib/query/search-params";

const ALERT_KINDS = ["balance_low", "api_key_rotated"] as const;

export function parseAlertSearchParams(params: ParamReader): AlertFilters {
  return { kind: oneOf(params.get("kind"), ALERT_KINDS) };
}
