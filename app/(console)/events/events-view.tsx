"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Fragment, useMemo, useState } from "react";
import { DebouncedTextInput } from "@/components/debounced-text-input";
import { DeliveryList, NextRetryText } from "@/components/provider-deliveries";
import { formatDateTime } from "@/components/format";
import { JsonBlock } from "@/components/json-block";
import { Badge, StatusBadge } from "@/components/status-badge";
import { EmptyState, ErrorState, FieldLabel, LoadMore, PageHeader, TableSkeleton, TableWrap, inputClass, td, th } from "@/components/ui";
import { useSearchParamUpdater } from "@/components/use-search-param-updater";
import { eventsListOptions } from "@/lib/query/options";
import type { ConsoleEvent } from "@/lib/query/types";
import { isoToLocalInput, localInputToIso } from "../operations/search-params";
import { parseEventSearchParams } from "./search-params";

function EntityIds({ e }: { e: ConsoleEvent }) {
  const ids: [string, string, string | null][] = [];
  if (e.strategy_id) ids.push(["strategy", e.strategy_id, `/strategies/${encodeURIComponent(e.strategy_id)}`]);
  if (e.operation_id && e.operation_id !== e.subject_id) ids.push(["operation", e.operation_id, `/operations/${encodeURIComponent(e.operation_id)}`]);
  if (e.subject_type && e.subject_id && e.subject_id !== e.strategy_id) {
    ids.push([e.subject_type, e.subject_id, e.subject_type === "operation" ? `/operations/${encodeURIComponent(e.subject_id)}` : null]);
  }
  if (ids.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <div className="space-y-0.5">
      {ids.map(([kind, id, href]) => (
        <div key={`${kind}-${id}`} className="text-xs">
          <span className="text-slate-500">{kind} </span>
          {href ? <Link href={href} className="font-mono text-indigo-700 hover:underline">{id}</Link> : <span className="font-mono">{id}</span>}
        </div>
      ))}
    </div>
  );
}

export function EventsView() {
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseEventSearchParams(searchParams), [searchParams]);
  const update = useSearchParamUpdater();
  const query = useInfiniteQuery(eventsListOptions(filters));
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const hasFilters = Object.values(filters).some((v) => v !== null);
  const [open, setOpen] = useState<string | null>(null);

  return (
    <div>
      <PageHeader title="Events" description="Every accepted event from zerohash and PipAI, newest receipt first. Find one by any id." />

      <form role="search" aria-label="Filter events" onSubmit={(e) => e.preventDefault()} className="mb-4 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 xl:grid-cols-[2fr_1fr_2fr_1fr_1fr_auto]">
        <div>
          <FieldLabel htmlFor="f-q">Any id</FieldLabel>
          <DebouncedTextInput id="f-q" testId="filter-q" value={filters.q ?? ""} placeholder="event, strategy, operation, position, order, job id" onCommit={(v) => update({ q: v })} />
        </div>
        <div>
          <FieldLabel htmlFor="f-provider">Provider</FieldLabel>
          <select id="f-provider" data-testid="filter-provider" value={filters.provider ?? ""} onChange={(e) => update({ provider: e.target.value })} className={inputClass}>
            <option value="">Any provider</option>
            <option value="pipai">pipai</option>
            <option value="zerohash">zerohash</option>
          </select>
        </div>
        <div>
          <FieldLabel htmlFor="f-type">Type</FieldLabel>
          <DebouncedTextInput id="f-type" testId="filter-type" value={filters.type ?? ""} placeholder="e.g. strategy.position_closed" onCommit={(v) => update({ type: v })} />
        </div>
        <div>
          <FieldLabel htmlFor="f-from">Received from (UTC)</FieldLabel>
          <input id="f-from" type="datetime-local" value={isoToLocalInput(filters.from)} onChange={(e) => update({ from: localInputToIso(e.target.value) })} className={inputClass} />
        </div>
        <div>
          <FieldLabel htmlFor="f-to">Received to (UTC)</FieldLabel>
          <input id="f-to" type="datetime-local" value={isoToLocalInput(filters.to)} onChange={(e) => update({ to: localInputToIso(e.target.value) })} className={inputClass} />
        </div>
        <div className="flex items-end">
          {hasFilters ? (
            <button type="button" onClick={() => update({ q: null, provider: null, type: null, from: null, to: null })} className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100">
              Clear
            </button>
          ) : null}
        </div>
      </form>

      {query.isPending ? (
        <TableSkeleton columns={7} />
      ) : query.isError && rows.length === 0 ? (
        <ErrorState title="Could not load events" error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No events found">{hasFilters ? "No accepted event matches these filters." : "No event has been accepted yet."}</EmptyState>
      ) : (
        <>
          <TableWrap>
            <table data-testid="events-table" className="min-w-full divide-y divide-slate-200">
              <thead className="bg-slate-50">
                <tr>
                  {["", "Provider", "Type", "Entities", "Event time", "Received", "Deliveries"].map((h, i) => (
                    <th key={i} scope="col" className={th}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((e) => (
                  <Fragment key={e.id}>
                    <tr data-testid="event-row" data-event-id={e.external_id} className="hover:bg-slate-50">
                      <td className={`${td} w-8 pr-0`}>
                        <button
                          type="button"
                          aria-label="Details"
                          title="Deliveries and raw payload"
                          aria-expanded={open === e.id}
                          onClick={() => setOpen(open === e.id ? null : e.id)}
                          className="rounded-md px-1.5 py-0.5 text-sm text-indigo-700 hover:bg-indigo-50"
                        >
                          {open === e.id ? "▾" : "▸"}
                        </button>
                      </td>
                      <td className={td}><Badge tone="neutral">{e.provider}</Badge></td>
                      <td className={td}>
                        <div className="font-mono text-xs font-medium">{e.type}</div>
                        <div className="font-mono text-xs text-slate-500">{e.external_id}</div>
                        {e.status ? <div className="mt-1"><StatusBadge status={e.status} /></div> : null}
                      </td>
                      <td className={td}><EntityIds e={e} /></td>
                      <td className={`${td} tabular-nums`}>{formatDateTime(e.event_time)}</td>
                      <td className={`${td} tabular-nums`}>{formatDateTime(e.received_at)}</td>
                      <td className={td}>
                        {e.deliveries.length} {e.deliveries.length === 1 ? "delivery" : "deliveries"}
                        {e.deliveries.some((d) => (d.attempt ?? 1) > 1) ? <span className="ml-1"><Badge tone="warning">retried</Badge></span> : null}
                      </td>
                    </tr>
                    {open === e.id ? (
                      <tr>
                        <td colSpan={7} className="bg-slate-50 px-4 py-3">
                          <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
                            <div className="space-y-2 text-sm">
                              <DeliveryList deliveries={e.deliveries} />
                              {e.provider === "pipai" ? (
                                <p className="text-xs text-slate-500">
                                  Next retry had the answer failed: <NextRetryText next={e.next_retry} />
                                </p>
                              ) : null}
                            </div>
                            <JsonBlock text={e.payload} />
                          </div>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <LoadMore count={rows.length} hasNextPage={query.hasNextPage} isFetchingNextPage={query.isFetchingNextPage} onLoadMore={() => void query.fetchNextPage()} error={query.isFetchNextPageError ? query.error : undefined} />
        </>
      )}
    </div>
  );
}
