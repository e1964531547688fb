import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { fetchJson, withQuery } from "./fetch";
import type { InboundFilters, OperationFilters, TraderFilters } from "./filters";
import { queryKeys } from "./keys";
import type { InboundRequest, OperationDetail, OperationSummary, Page, Trader } from "./types";

const PAGE_SIZE = "50";

const nextCursor = <T,>(last: Page<T>): string | undefined => last.next_cursor ?? undefined;

export function operationsListOptions(filters: OperationFilters) {
  return infiniteQueryOptions({
    queryKey: queryKeys.operations.list(filters),
    queryFn: ({ pageParam, signal }) =>
      fetchJson<Page<OperationSummary>>(
        withQuery("/api/console/operations", { ...filters, cursor: pageParam, limit: PAGE_SIZE }),
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor<OperationSummary>,
  });
}

export function operationDetailOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.operations.detail(id),
    queryFn: ({ signal }) =>
      fetchJson<OperationDetail>(`/api/console/operations/${encodeURIComponent(id)}`, { signal }),
  });
}

export function tradersListOptions(filters: TraderFilters) {
  return infiniteQueryOptions({
    queryKey: queryKeys.traders.list(filters),
    queryFn: ({ pageParam, signal }) =>
      fetchJson<Page<Trader>>(withQuery("/api/console/traders", { ...filters, cursor: pageParam }), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor<Trader>,
  });
}

export function inboundListOptions(filters: InboundFilters) {
  return infiniteQueryOptions({
    queryKey: queryKeys.inbound.list(filters),
    queryFn: ({ pageParam, signal }) =>
      fetchJson<Page<InboundRequest>>(withQuery("/api/console/inbound", { ...filters, cursor: pageParam }), {
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor<InboundRequest>,
  });
}
