"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { InfiniteDataTable, useUrlFilters, type Column } from "@/components/data-table";
import { ClearFiltersButton, FilterBar, IgnoredFilters, SelectField, TextField, TimeRangeFields } from "@/components/filter-bar";
import { DeliveryList, NextRetryText, RelayDeliveryLink } from "@/components/provider-deliveries";
import { formatDateTime } from "@/components/format";
import { JsonBlock } from "@/components/json-block";
import { Badge, StatusBadge } from "@/components/status-badge";
import { PageHeader } from "@/components/ui";
import { eventsListOptions } from "@/lib/query/options";
import type { ConsoleEvent } from "@/lib/schemas/events";
import { KNOWN_EVENT_TYPES } from "@/lib/schemas/filters";
import { eventFilters, STRATEGY_PROVIDERS as EVENT_PROVIDERS } from "@/lib/schemas/console";

function EntityIds({ e }: { e: ConsoleEvent }) {
  const ids: [string, string, string | null][] = [];
  if (e.strategy_id) ids.push(["strategy", e.strategy_id, `/strategies/${encodeURIComponent(e.strategy_id)}`]);
  if (e.operation_id && e.operation_id !== e.subject_id) ids.push(["operation", e.operation_id, `/operations/${encodeURIComponent(e.operation_id)}`]);
  if (e.subject_type && e.subject_id && e.subject_id !== e.strategy_id) {
    const href = e.subject_type === "operation" ? `/operations/${encodeURIComponent(e.subject_id)}` : e.subject_type === "trader" ? `/traders/${encodeURIComponent(e.subject_id)}` : null;
    ids.push([e.subject_type, e.subject_id, href]);
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

const COLUMNS: Column<ConsoleEvent>[] = [
  {
    header: "",
    className: "w-8 pr-0",
    cell: (e, { expanded, toggle }) => (
      <button
        type="button"
        aria-label="Details"
        title="Provider attempts, relay delivery and raw payload"
        aria-expanded={expanded}
        onClick={toggle}
        className="rounded-md px-1.5 py-0.5 text-sm text-indigo-700 hover:bg-indigo-50"
      >
        {expanded ? "▾" : "▸"}
      </button>
    ),
  },
  { header: "Provider", cell: (e) => <Badge tone="neutral">{e.provider}</Badge> },
  {
    header: "Type",
    cell: (e) => (
      <>
        <div className="font-mono text-xs font-medium">{e.type}</div>
        <div className="font-mono text-xs text-slate-500">{e.external_id}</div>
        {e.status ? <div className="mt-1"><StatusBadge status={e.status} /></div> : null}
      </>
    ),
  },
  { header: "Entities", cell: (e) => <EntityIds e={e} /> },
  { header: "Event time", className: "tabular-nums", cell: (e) => formatDateTime(e.event_time) },
  { header: "Received", className: "tabular-nums", cell: (e) => formatDateTime(e.received_at) },
  {
    header: "Provider attempts",
    headerClassName: "whitespace-normal",
    cell: (e) => (
      <>
        {e.deliveries.length} {e.deliveries.length === 1 ? "attempt" : "attempts"}
        {e.deliveries.some((d) => (d.attempt ?? 1) > 1) ? <span className="ml-1"><Badge tone="warning">retried</Badge></span> : null}
      </>
    ),
  },
];

function EventDetail({ e }: { e: ConsoleEvent }) {
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <div className="space-y-2 text-sm">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Provider attempts</h3>
        <DeliveryList deliveries={e.deliveries} inbound={{ provider: e.provider, notificationId: e.external_id }} />
        {e.provider === "pipai" ? <NextRetryText next={e.next_retry} /> : null}
        <RelayDeliveryLink delivery={e.relay_delivery} />
      </div>
      <JsonBlock text={e.payload} />
    </div>
  );
}

export function EventsView() {
  const { filters, raw, invalid, update, hasFilters, clear } = useUrlFilters(eventFilters);
  const query = useInfiniteQuery(eventsListOptions(filters));

  return (
    <div>
      <PageHeader title="Events" description="Every accepted event from zerohash and PipAI, newest receipt first. Find one by any id." />

      <FilterBar label="Filter events" className="grid grid-cols-1 sm:grid-cols-2 xl:grid-cols-[2fr_1fr_2fr_1fr_1fr_auto]">
        <TextField id="f-q" label="Any id" testId="filter-q" value={raw.q} placeholder="any id, or its first 8+ characters" onChange={(v) => update({ q: v })} />
        <SelectField id="f-provider" label="Provider" testId="filter-provider" value={filters.provider} anyLabel="Any provider" options={EVENT_PROVIDERS} onChange={(v) => update({ provider: v })} />
        <TextField id="f-type" label="Type" testId="filter-type" value={raw.type} placeholder="a type or its beginning: trade_strategy" suggestions={KNOWN_EVENT_TYPES} onChange={(v) => update({ type: v })} />
        <TimeRangeFields what="Received" from={filters.from} to={filters.to} onChange={update} />
        <ClearFiltersButton active={hasFilters} onClear={clear} label="Clear" hideWhenInactive />
      </FilterBar>
      <IgnoredFilters invalid={invalid} />

      <InfiniteDataTable
        query={query}
        live="events"
        columns={COLUMNS}
        rowKey={(e) => e.id}
        rowTestId="event-row"
        rowProps={(e) => ({ "data-event-id": e.external_id })}
        tableTestId="events-table"
        expandable={{ render: (e) => <EventDetail e={e} />, cellClassName: "bg-slate-50 px-4 py-3" }}
        errorTitle="Could not load events"
        emptyTitle="No events found"
        emptyDescription={hasFilters ? "No accepted event matches these filters." : "No event has been accepted yet."}
      />
    </div>
  );
}
