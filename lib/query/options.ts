import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { fetchJson, withQuery } from "./fetch";
import { queryKeys } from "./keys";
import type { AuditEntry, AuditFilters, usersSchema } from "@/lib/schemas/access";
import type { AlertFilters, BacktestFilters, EventFilters, InboundFilters, OperationFilters, StrategyFilters, TraderFilters } from "@/lib/schemas/console";
import type { DeliveryFilters } from "@/lib/schemas/relay";
import type { LiveFamily } from "@/lib/live/apply";
import { toSearch } from "./search-params";
import type { z } from "zod";
import type { DeliveryCounts, DeliveryDetail, DeliverySummary } from "@/lib/schemas/deliveries";
import type { ConsoleEvent } from "@/lib/schemas/events";
import type { InboundRequest, InboundRequestDetail } from "@/lib/schemas/inbound";
import type { OperationDetail, OperationSummary } from "@/lib/schemas/operations";
import type { pageOf } from "@/lib/schemas/page";
import type { apiKeysSchema, RelaySettings, Setup } from "@/lib/schemas/settings";
import type { AccountAlert, Backtest, StrategyDetail, StrategySummary } from "@/lib/schemas/strategies";
import type { Trader, TraderDetail } from "@/lib/schemas/traders";

type Page<T> = Omit<z.infer<ReturnType<typeof pageOf<z.ZodType<T>>>>, "items"> & { items: T[] };

const PAGE_SIZE = "50";

/** The lists that follow the live stream, by family (lib/live/apply). */
const LIVE_LIST_PATH: Record<LiveFamily, string> = {
  operations: "/api/console/operations",
  deliveries: "/api/console/deliveries",
  inbound: "/api/console/inbound",
  events: "/api/console/events",
  anomalies: "/api/console/anomalies",
};

/** The first page of a live list with these filters: what the "N new" banner checks when a message cannot decide. */
export function listHeadUrl(family: LiveFamily, filters: object): string {
  return withQuery(LIVE_LIST_PATH[family], { ...toSearch(filters), limit: PAGE_SIZE });
}

const nextCursor = <T,>(last: Page<T>): string | undefined => last.next_cursor ?? undefined;

export function operationsListOptions(filters: OperationFilters) {
  return infiniteQueryOptions({
    queryKey: queryKeys.operations.list(filters),
    queryFn: ({ pageParam, signal }) =>
      fetchJson<Page<OperationSummary>>(
        withQuery(LIVE_LIST_PATH.operations, { ...toSearch(filters), cursor: pageParam, limit: PAGE_SIZE }),
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
      fetchJson<Page<Trader>>(withQuery("/api/console/traders", { ...toSearch(filters), cursor: pageParam }), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor<Trader>,
  });
}

export function inboundListOptions(filters: InboundFilters) {
  return infiniteQueryOptions({
    queryKey: queryKeys.inbound.list(filters),
    queryFn: ({ pageParam, signal }) =>
      fetchJson<Page<InboundRequest>>(withQuery(LIVE_LIST_PATH.inbound, { ...toSearch(filters), cursor: pageParam }), {
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor<InboundRequest>,
  });
}

/** Headers and body of one inbound row, fetched when its row is expanded. */
export function inboundDetailOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.inbound.detail(id),
    queryFn: ({ signal }) => fetchJson<InboundRequestDetail>(`/api/console/inbound/${encodeURIComponent(id)}`, { signal }),
    // a log row never changes
    staleTime: Infinity,
  });
}

export function deliveriesListOptions(filters: DeliveryFilters, pageSize = PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: [...queryKeys.deliveries.list(filters), pageSize],
    queryFn: ({ pageParam, signal }) =>
      fetchJson<Page<DeliverySummary>>(withQuery(LIVE_LIST_PATH.deliveries, { ...toSearch(filters), cursor: pageParam, limit: pageSize }), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor<DeliverySummary>,
  });
}

/** Per-tab counts: the list's filters without the status. */
export function deliveryCountsOptions(filters: DeliveryFilters) {
  const { status: _status, ...rest } = filters;
  return queryOptions({
    queryKey: queryKeys.deliveries.counts(rest),
    queryFn: ({ signal }) => fetchJson<DeliveryCounts>(withQuery("/api/console/deliveries/counts", toSearch(rest)), { signal }),
  });
}

export function deliveryDetailOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.deliveries.detail(id),
    queryFn: ({ signal }) => fetchJson<DeliveryDetail>(`/api/console/deliveries/${encodeURIComponent(id)}`, { signal }),
  });
}

export function settingsOptions() {
  return queryOptions({
    queryKey: queryKeys.settings.destination(),
    queryFn: ({ signal }) => fetchJson<RelaySettings>("/api/console/settings", { signal }),
  });
}

export function apiKeysOptions() {
  return queryOptions({
    queryKey: queryKeys.settings.apiKeys(),
    queryFn: ({ signal }) => fetchJson<z.infer<typeof apiKeysSchema>>("/api/console/settings/api-keys", { signal }),
  });
}

function listOptions<T>(key: readonly unknown[], path: string, filters: object) {
  return infiniteQueryOptions({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => fetchJson<Page<T>>(withQuery(path, { ...toSearch(filters), cursor: pageParam, limit: PAGE_SIZE }), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor<T>,
  });
}

export const strategiesListOptions = (filters: StrategyFilters) => listOptions<StrategySummary>(queryKeys.strategies.list(filters), "/api/console/strategies", filters);
export const eventsListOptions = (filters: EventFilters) => listOptions<ConsoleEvent>(queryKeys.events.list(filters), LIVE_LIST_PATH.events, filters);
export const backtestsListOptions = (filters: BacktestFilters) => listOptions<Backtest>(queryKeys.backtests.list(filters), "/api/console/backtests", filters);
export const auditListOptions = (filters: AuditFilters) => listOptions<AuditEntry>(queryKeys.audit.list(filters), "/api/console/audit", filters);
export const usersOptions = () => queryOptions({ queryKey: [...queryKeys.all, "users"], queryFn: ({ signal }) => fetchJson<z.infer<typeof usersSchema>>("/api/console/users", { signal }) });

export const alertsListOptions = (filters: AlertFilters) => listOptions<AccountAlert>(queryKeys.alerts.list(filters), "/api/console/alerts", filters);

export function strategyDetailOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.strategies.detail(id),
    queryFn: ({ signal }) => fetchJson<StrategyDetail>(`/api/console/strategies/${encodeURIComponent(id)}`, { signal }),
  });
}

export const setupOptions = () => queryOptions({ queryKey: [...queryKeys.all, "setup"], queryFn: ({ signal }) => fetchJson<Setup>("/api/console/setup", { signal }), staleTime: 60_000 });
export function traderDetailOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.traders.detail(id),
    queryFn: ({ signal }) => fetchJson<TraderDetail>(`/api/console/traders/${encodeURIComponent(id)}`, { signal }),
  });
}
