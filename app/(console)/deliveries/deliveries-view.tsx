"use client";

import { useCan } from "@/components/me-context";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { InfiniteList, useInfiniteRows, useUrlFilters } from "@/components/data-table";
import { DeliveriesTable } from "@/components/deliveries-table";
import { ClearFiltersButton, FilterBar, SelectField, TextField, TimeRangeFields } from "@/components/filter-bar";
import { PageHeader } from "@/components/ui";
import { sendJson } from "@/lib/query/fetch";
import { queryKeys } from "@/lib/query/keys";
import { deliveriesListOptions, settingsOptions } from "@/lib/query/options";
import { HTTP_CLASSES } from "@/lib/schemas/relay";
import { parseDeliverySearchParams } from "./search-params";

const STATUS_TABS = [
  { value: null, label: "All" },
  { value: "pending", label: "Pending" },
  { value: "delivered", label: "Delivered" },
  { value: "failed", label: "Failed" },
] as const;

export function DeliveriesView() {
  const { filters, update, hasFilters } = useUrlFilters(parseDeliverySearchParams);
  const query = useInfiniteQuery(deliveriesListOptions(filters));
  const rows = useInfiniteRows(query);
  const queryClient = useQueryClient();
  const canOperate = useCan("operate");

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
        {filters.status === "failed" && filters.kind !== "test" && canOperate ? (
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

      <DestinationNotice />

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

      <FilterBar label="Filter deliveries" className="grid grid-cols-2 md:grid-cols-3 xl:grid-cols-[repeat(5,minmax(0,1fr))_auto]">
        <TextField id="f-type" label="Event type" testId="filter-event-type" value={filters.event_type} placeholder="e.g. trade_strategy.operation.status_changed" onChange={(v) => update({ event_type: v })} />
        <SelectField
          id="f-http"
          label="HTTP status"
          testId="filter-http-status"
          value={filters.http_status}
          anyLabel="Any"
          options={HTTP_CLASSES.map((c) => ({ value: c, label: c === "none" ? "No response" : c }))}
          onChange={(v) => update({ http_status: v })}
        />
        <SelectField
          id="f-kind"
          label="Kind"
          testId="filter-kind"
          value={filters.kind}
          anyLabel="Real and test"
          options={[
            { value: "real", label: "Real events" },
            { value: "test", label: "Test webhooks" },
          ]}
          onChange={(v) => update({ kind: v })}
        />
        <TimeRangeFields what="Created" from={filters.from} to={filters.to} onChange={update} />
        <ClearFiltersButton filters={filters} update={update} />
      </FilterBar>
      {filters.operation_id || filters.strategy_id ? (
        <p className="mb-3 text-sm text-slate-600">
          Only events of {filters.operation_id ? <>operation <code className="font-mono text-xs">{filters.operation_id}</code></> : <>strategy <code className="font-mono text-xs">{filters.strategy_id}</code></>}.
        </p>
      ) : null}

      <InfiniteList
        query={query}
        live="deliveries"
        skeletonColumns={8}
        errorTitle="Could not load deliveries"
        emptyTitle="No deliveries found"
        emptyDescription={hasFilters ? "No delivery matches these filters." : "Every accepted webhook is relayed to your callback URL and listed here. Set the URL on the Settings page."}
      >
        {(loaded) => <DeliveriesTable rows={loaded} />}
      </InfiniteList>
    </div>
  );
}

/** Why pending deliveries are not moving: nothing is sent without a callback URL or while paused. */
function DestinationNotice() {
  const settings = useQuery(settingsOptions());
  if (!settings.data) return null;
  const reason = !settings.data.callback_url
    ? "No callback URL is configured, so nothing is sent: deliveries wait as pending."
    : settings.data.paused
      ? "The destination is paused: deliveries wait as pending until it is resumed."
      : null;
  if (!reason) return null;
  return (
    <div role="status" data-testid="destination-notice" className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <span>{reason}</span>
      <Link href="/settings" className="font-medium text-amber-900 underline hover:no-underline">
        Open settings
      </Link>
    </div>
  );
}
