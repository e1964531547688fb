import type { InboundFilters } from "@/lib/query/filters";

export const INBOUND_OUTCOMES = ["accepted", "duplicate", "rejected", "error"] as const;
export type InboundOutcomeFilter = (typeof INBOUND_OUTCOMES)[number];

type ParamReader = { get(name: string): string | null };

export function parseInboundSearchParams(params: ParamReader): InboundFilters {
  const outcome = params.get("outcome");
  const provider = params.get("provider")?.trim() ?? "";
  return {
    outcome: (INBOUND_OUTCOMES as readonly string[]).includes(outcome ?? "") ? (outcome as InboundOutcomeFilter) : null,
    provider: provider === "" ? null : provider,
  };
}
