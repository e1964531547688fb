"use client";

import { useCan } from "@/components/me-context";
import { FilterTabs } from "@/components/tabs";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useRowSelection, type Selection } from "@/components/row-selection";
import { InfiniteList, useInfiniteRows, useUrlFilters } from "@/components/data-table";
import { DeliveriesTable } from "@/components/deliveries-table";
import { ClearFiltersButton, FilterBar, IgnoredFilters, SelectField, TextField, TimeRangeFields } from "@/components/filter-bar";
import { SetupGuide } from "@/components/setup-guide";
import { PageHeader } from "@/components/ui";
import { sendJson } from "@/lib/query/fetch";
import { queryKeys } from "@/lib/query/keys";
import { deliveriesListOptions, deliveryCountsOptions, settingsOptions } from "@/lib/query/options";
import type { z } from "zod";
import type { retriedSchema, retryMatchingSchema } from "@/lib/schemas/deliveries";
import { toSearch } from "@/lib/query/search-params";
import { BULK_RETRY_MAX_IDS, deliveryFilters, HTTP_CLASSES } from "@/lib/schemas/relay";

const STATUS_TABS = [
  { value: null, key: "all", label: "All", hint: "Every delivery" },
  { value: "failing", key: "failing", label: "Failing", hint: "The last attempt failed and retries remain" },
  { value: "pending", key: "pending", label: "Pending", hint: "Queued, not tried yet" },
  { value: "delivered", key: "delivered", label: "Delivered", hint: "The receiver answered 2xx" },
  { value: "failed", key: "failed", label: "Failed", hint: "Gave up: 410 Gone or every retry failed" },
] as const;

type Confirming = { what: "selected"; ids: string[]; matching: number } | { what: "filter"; matching: number };

export function DeliveriesView() {
  const { filters, raw, invalid, update, hasFilters, clear } = useUrlFilters(deliveryFilters);
  const query = useInfiniteQuery(deliveriesListOptions(filters));
  const counts = useQuery({ ...deliveryCountsOptions(filters), refetchInterval: 10_000 });
  const rows = useInfiniteRows(query);
  const queryClient = useQueryClient();
  const canOperate = useCan("operate");

  const selection = useRowSelection(JSON.stringify(filters), BULK_RETRY_MAX_IDS);
  const selected = selection.selected;
  const [confirming, setConfirming] = useState<Confirming | null>(null);

  const filterBody = () => toSearch(filters);
  // The count shown before confirming comes from the server (dry_run), over exactly what will be retried.
  const prepare = useMutation({
    mutationFn: (what: "selected" | "filter") =>
      what === "selected"
        ? sendJson<z.infer<typeof retryMatchingSchema>>("/api/console/deliveries/retry", "POST", { ids: [...selected], dry_run: true }).then((r) => ({ what, ids: [...selected], matching: r.matching }) as Confirming)
        : sendJson<z.infer<typeof retryMatchingSchema>>("/api/console/deliveries/retry", "POST", { ...filterBody(), dry_run: true }).then((r) => ({ what, matching: r.matching }) as Confirming),
    onSuccess: (c) => setConfirming(c),
  });
  const bulk = useMutation({
    mutationFn: (c: Confirming) => sendJson<z.infer<typeof retriedSchema>>("/api/console/deliveries/retry", "POST", c.what === "selected" ? { ids: c.ids } : filterBody()),
    onSuccess: () => {
      setConfirming(null);
      selection.clear();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.deliveries.all() }),
  });
  const canRetryFilter = (filters.status === "failed" || filters.status === "failing") && filters.kind !== "test";
  const selectionProps: Selection | undefined = canOperate ? selection : undefined;

  return (
    <div>
      <PageHeader title="Deliveries" description="Every event relayed to your callback URL, newest first." />

      <DestinationNotice />

      <FilterTabs
        label="Delivery status"
        selected={filters.status ?? "all"}
        onSelect={(key) => update({ status: STATUS_TABS.find((t) => t.key === key)!.value })}
        tabs={STATUS_TABS.map((t) => ({
          value: t.key,
          label: t.label,
          title: t.hint,
          testId: `status-tab-${t.key}`,
          activeClassName: t.value === "failed" ? "bg-rose-600 text-white" : t.value === "failing" ? "bg-amber-600 text-white" : undefined,
          extra: (active: boolean) => {
            const n = counts.data?.counts[t.key];
            return (
              <span data-testid={`status-count-${t.key}`} className={`rounded px-1.5 text-xs tabular-nums ${active ? "bg-white/20" : "bg-slate-100 text-slate-600"}`}>
                {n === undefined ? "…" : `${n.toLocaleString("en-US")}${counts.data?.capped && (t.key === "all" || n >= counts.data.cap) ? "+" : ""}`}
              </span>
            );
          },
        }))}
      />

      {canOperate && (rows.length > 0 || confirming || bulk.isSuccess) ? (
        <div data-testid="bulk-bar" className="mb-3 flex min-h-9 flex-wrap items-center gap-3 text-sm">
          {confirming ? (
            <div role="alertdialog" aria-labelledby="bulk-confirm-text" data-testid="bulk-confirm" className="flex flex-wrap items-center gap-3 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2">
              <span id="bulk-confirm-text" data-testid="bulk-confirm-text" className="text-indigo-950">
                {confirming.matching === 0
                  ? "Nothing to retry: none of these can be retried (test deliveries are sent once)."
                  : `Retry ${confirming.matching.toLocaleString("en-US")} ${confirming.matching === 1 ? "delivery" : "deliveries"}${confirming.what === "filter" ? " matching these filters" : ""}?`}
              </span>
              {confirming.matching > 0 ? (
                <button type="button" data-testid="bulk-confirm-yes" autoFocus disabled={bulk.isPending} onClick={() => bulk.mutate(confirming)} className="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
                  {bulk.isPending ? "Retrying…" : "Retry"}
                </button>
              ) : null}
              <button type="button" data-testid="bulk-confirm-cancel" onClick={() => setConfirming(null)} className="rounded-md px-3 py-1 font-medium text-slate-700 hover:bg-white">
                Cancel
              </button>
            </div>
          ) : (
            <>
              <span data-testid="selected-count" className="text-slate-600">
                {selected.size === 0 ? "Select deliveries to retry them together." : `${selected.size} selected`}
              </span>
              {selected.size > 0 ? (
                <>
                  <button type="button" data-testid="retry-selected" disabled={prepare.isPending} onClick={() => prepare.mutate("selected")} className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50">
                    Retry selected
                  </button>
                  <button type="button" onClick={selection.clear} className="rounded-md px-2 py-1.5 font-medium text-slate-600 hover:bg-slate-100">
                    Clear
                  </button>
                </>
              ) : null}
              {canRetryFilter ? (
                <button
                  type="button"
                  data-testid="bulk-retry"
                  disabled={prepare.isPending || rows.length === 0}
                  onClick={() => prepare.mutate("filter")}
                  className="rounded-md border border-indigo-300 bg-white px-3 py-1.5 font-medium text-indigo-700 shadow-sm hover:bg-indigo-50 disabled:opacity-50"
                >
                  Retry all matching{counts.data ? ` (${(filters.status === "failing" ? counts.data.counts.failing : counts.data.counts.failed).toLocaleString("en-US")})` : ""}
                </button>
              ) : null}
            </>
          )}
          {bulk.isSuccess && !confirming ? (
            <span data-testid="bulk-retry-result" role="status" className="text-slate-600">
              {bulk.data.retried} {bulk.data.retried === 1 ? "delivery" : "deliveries"} queued again
            </span>
          ) : null}
          {bulk.isError || prepare.isError ? (
            <span role="alert" className="text-rose-700">
              {(bulk.error ?? prepare.error)?.message}
            </span>
          ) : null}
        </div>
      ) : null}

      <FilterBar label="Filter deliveries" className="grid grid-cols-2 md:grid-cols-3 xl:grid-cols-[repeat(5,minmax(0,1fr))_auto]">
        <TextField id="f-type" label="Event type" testId="filter-event-type" value={raw.event_type} placeholder="e.g. trade_strategy.operation.status_changed" onChange={(v) => update({ event_type: v })} />
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
        <ClearFiltersButton active={hasFilters} onClear={clear} />
      </FilterBar>
      <IgnoredFilters invalid={invalid} />
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
        emptyDescription={hasFilters ? "No delivery matches these filters." : <SetupGuide lead="Every accepted webhook is relayed to your callback URL and listed here." />}
      >
        {(loaded) => <DeliveriesTable rows={loaded} selection={selectionProps} />}
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
