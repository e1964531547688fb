import type { EventFilters } from "@/lib/query/filters";
import { isoDate, oneOf, text, type ParamReader } from "@/lib/query/search-params";

export const EVENT_PROVIDERS = ["pipai", "zerohash"] as const;

export function parseEventSearchParams(params: ParamReader): EventFilters {
  return {
    provider: oneOf(params.get("provider"), EVENT_PROVIDERS),
    type: text(params.get("type")),
    q: text(params.get("q")),
    from: isoDate(params.get("from")),
    to: isoDate(params.get("to")),
  };
}
