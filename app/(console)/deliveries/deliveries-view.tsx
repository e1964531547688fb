"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { DeliveriesTable } from "@/components/deliveries-table";
import { DebouncedTextInput } from "@/components/debounced-text-input";
import { EmptyState, ErrorState, FieldLabel, LoadMore, PageHeader, TableSkeleton, inputClass } from "@/components/ui";
import { useSearchParamUpdater } from "@/components/use-search-param-updater";
import { sendJson } from "@/lib/query/fetch";
import { queryKeys } from "@/lib/query/keys";
import { deliveriesListOptions } from "@/lib/query/options";
import { HTTP_CLASSES } from "@/lib/schemas/relay";
import { isoToLocalInput, localInputToIso } from "../operations/search-params";
import { parseDeliverySearchParams } from "./search-params";

const STATUS_TABS = [
  { value: null, label: "All" },
  { value: "pending", label: "Pending" },
  { value: "delivered", label: "Delivered" },
  { value: "failed", label: "Failed" },
] as const;

export function DeliveriesView() {
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseDeliverySearchParams(searchParams), [searchParams]);
  const update = useSearchParamUpdater();
  const query = useInfiniteQuery(deliveriesListOptions(filters));
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const hasFilters = Object.values(filters).some((v) => v !== null);
  const queryClient = useQueryClient();

  const bulk = useMutation({
    mutationFn: () => {
      const body = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== null));
      return sendJson<{ retried: number }>("/api/console/deliveries/retry", "POST", body);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.deliveries.all() }),
  });

  return (
    <div>
      <PageHeader title="Deliveries" description="Every event relayed to your callback URL, newest first.">
        {filters.status === "failed" && filters.kind !== "test" ? (
          <div className="flex items-center gap-3">
            {bulk.isSuccess ? (
              <span data-testid="bulk-retry-result" className="text-sm text-slate-600">
                {bulk.data.retried} {bulk.data.retried === 1 ? "delivery" : "deliveries"} queued again
              </span>
            ) : bulk.isError ? (
              <span role="alert" className="text-sm text-rose-700">{bulk.error.message}</span>
            ) : null}
            <button
              type="button"
              data-testid="bulk-retry"
              disabled={bulk.isPending || rows.length === 0}
              onClick={() => {
                if (window.confirm("Retry every failed delivery matching these filters?")) bulk.mutate();
              }}
              className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
            >
              {bulk.isPending ? "Retrying…" : "Retry all matching"}
            </button>
          </div>
        ) : null}
      </PageHeader>

      <div role="tablist" aria-label="Delivery status" className="mb-3 inline-flex rounded-lg border border-slate-200 bg-white p-1 shadow-sm">
        {STATUS_TABS.map((t) => {
          const active = filters.status === t.value;
          return (
            <button
              key={t.label}
              type="button"
              role="tab"
              aria-selected={active}
              data-testid={`status-tab-${t.label.toLowerCase()}`}
              onClick={() => update({ status: t.value })}
              className={`rounded-md px-3 py-1 text-sm font-medium ${active ? (t.value === "failed" ? "bg-rose-600 text-white" : "bg-slate-900 text-white") : "text-slate-600 hover:bg-slate-100"}`}
            >
              {t.label}
            </button>
          );
        })}
      </div>

      <form
        role="search"
        aria-label="Filter deliveries"
        onSubmit={(e) => e.preventDefault()}
        className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:grid-cols-3 xl:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
      >
        <div>
          <FieldLabel htmlFor="f-type">Event type</FieldLabel>
          <DebouncedTextInput id="f-type" testId="filter-event-type" value={filters.event_type ?? ""} placeholder="e.g. trade_strategy.operation.status_changed" onCommit={(v) => update({ event_type: v })} />
        </div>
        <div>
          <FieldLabel htmlFor="f-http">HTTP status</FieldLabel>
          <select id="f-http" data-testid="filter-http-status" value={filters.http_status ?? ""} onChange={(e) => update({ http_status: e.target.value })} className={inputClass}>
            <option value="">Any</option>
            {HTTP_CLASSES.map((c) => (
              <option key={c} value={c}>
                {c === "none" ? "No response" : c}
              </option>
            ))}
          </select>
        </div>
        <div>
          <FieldLabel htmlFor="f-kind">Kind</FieldLabel>
          <select id="f-kind" data-testid="filter-kind" value={filters.kind ?? ""} onChange={(e) => update({ kind: e.target.value })} className={inputClass}>
            <option value="">Real and test</option>
            <option value="real">Real events</option>
            <option value="test">Test webhooks</option>
          </select>
        </div>
        <div>
          <FieldLabel htmlFor="f-from">Created from (UTC)</FieldLabel>
          <input id="f-from" type="datetime-local" data-testid="filter-from" value={isoToLocalInput(filters.from)} onChange={(e) => update({ from: localInputToIso(e.target.value) })} className={inputClass} />
        </div>
        <div>
          <FieldLabel htmlFor="f-to">Created to (UTC)</FieldLabel>
          <input id="f-to" type="datetime-local" data-testid="filter-to" value={isoToLocalInput(filters.to)} onChange={(e) => update({ to: localInputToIso(e.target.value) })} className={inputClass} />
        </div>
        <div className="flex items-end">
          <button
            type="button"
            disabled={!hasFilters}
            onClick={() => update({ status: null, event_type: null, from: null, to: null, http_status: null, kind: null, operation_id: null, strategy_id: null })}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 disabled:opacity-40"
          >
            Clear filters
          </button>
        </div>
      </form>
      {filters.operation_id || filters.strategy_id ? (
        <p className="mb-3 text-sm text-slate-600">
          Only events of {filters.operation_id ? <>operation <code className="font-mono text-xs">{filters.operation_id}</code></> : <>strategy <code className="font-mono text-xs">{filters.strategy_id}</code></>}.
        </p>
      ) : null}

      {query.isPending ? (
        <TableSkeleton columns={8} />
      ) : query.isError && rows.length === 0 ? (
        <ErrorState title="Could not load deliveries" error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No deliveries found">
          {hasFilters ? "No delivery matches these filters." : "Every accepted webhook is relayed to your callback URL and listed here. Set the URL on the Settings page."}
        </EmptyState>
      ) : (
        <>
          <DeliveriesTable rows={rows} />
          <LoadMore
            count={rows.length}
            hasNextPage={query.hasNextPage}
            isFetchingNextPage={query.isFetchingNextPage}
            onLoadMore={() => void query.fetchNextPage()}
            error={query.isFetchNextPageError ? query.error : undefined}
          />
        </>
      )}
    </div>
  );
}
