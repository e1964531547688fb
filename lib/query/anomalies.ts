// React Query options of the anomalies page. Responses are parsed with the route's own zod schema
// (lib/schemas/anomalies.ts), so the client type is the wire contract.
import { infiniteQueryOptions } from "@tanstack/react-query";
import { acknowledgeResultSchema, anomalyPageSchema, type AcknowledgeBody, type AnomalyFilters } from "@/lib/schemas/anomalies";
import { fetchJson, sendJson, withQuery } from "./fetch";
import { queryKeys } from "./keys";
import { toSearch } from "./search-params";

export const anomalyKeys = {
  all: () => [...queryKeys.all, "anomalies"] as const,
  list: (filters: AnomalyFilters) => [...anomalyKeys.all(), "list", filters] as const,
};

export function anomaliesListOptions(filters: AnomalyFilters) {
  return infiniteQueryOptions({
    queryKey: anomalyKeys.list(filters),
    queryFn: async ({ pageParam, signal }) =>
      anomalyPageSchema.parse(await fetchJson<unknown>(withQuery("/api/console/anomalies", { ...toSearch(filters), cursor: pageParam, limit: "50" }), { signal })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export async function acknowledgeAnomalies(body: AcknowledgeBody) {
  return acknowledgeResultSchema.parse(await sendJson<unknown>("/api/console/anomalies/acknowledge", "POST", body));
}
