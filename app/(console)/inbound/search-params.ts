import type { InboundFilters } from "@/lib/query/filters";
import { oneOf, text, type ParamReader } from "@/lib/query/search-params";

export const INBOUND_OUTCOMES = ["accepted", "duplicate", "rejected", "error"] as const;
export type InboundOutcomeFilter = (typeof INBOUND_OUTCOMES)[number];

export function parseInboundSearchParams(params: ParamReader): InboundFilters {
  return {
    outcome: oneOf(params.get("outcome"), INBOUND_OUTCOMES),
    provider: text(params.get("provider")),
    notification_id: text(params.get("notification_id")),
  };
}
