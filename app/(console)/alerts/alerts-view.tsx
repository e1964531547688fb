"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { InfiniteList, useUrlFilters } from "@/components/data-table";
import { FilterBar, SelectField } from "@/components/filter-bar";
import { formatDateTime } from "@/components/format";
import { StatusBadge } from "@/components/status-badge";
import { PageHeader } from "@/components/ui";
import { alertsListOptions } from "@/lib/query/options";
import type { AccountAlert } from "@/lib/schemas/strategies";
import { alertFilters } from "@/lib/schemas/console";

function AlertText({ a }: { a: AccountAlert }) {
  if (a.kind === "balance_low")
    return (
      <span>
        <span className="font-semibold">{a.asset}</span> balance <span className="font-mono tabular-nums">{a.balance}</span> is below the threshold{" "}
        <span className="font-mono tabular-nums">{a.threshold}</span>
      </span>
    );
  if (a.kind === "api_key_rotated")
    return (
      <span>
        API key <span className="font-mono">{a.key_id}</span> rotated at <span className="tabular-nums">{formatDateTime(a.rotated_at)}</span>
      </span>
    );
  return <span>{a.kind}</span>;
}

const KIND_OPTIONS = [
  { value: "balance_low", label: "balance low" },
  { value: "api_key_rotated", label: "API key rotated" },
];

export function AlertsView() {
  const { filters, update } = useUrlFilters(alertFilters);
  const query = useInfiniteQuery(alertsListOptions(filters));

  return (
    <div>
      <PageHeader title="Account alerts" description="PipAI account events: low balances and API key rotations. Newest first." />
      <FilterBar label="Filter alerts" className="flex">
        <SelectField id="f-kind" label="Kind" testId="filter-kind" className="w-56" value={filters.kind} anyLabel="Any kind" options={KIND_OPTIONS} onChange={(v) => update({ kind: v })} />
      </FilterBar>
      <InfiniteList
        query={query}
        skeletonColumns={3}
        errorTitle="Could not load alerts"
        emptyTitle="No alerts"
        emptyDescription={filters.kind ? "No alert of this kind." : "No account event has been received yet."}
      >
        {(rows) => (
          <ul data-testid="alerts-feed" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
            {rows.map((a) => (
              <li key={a.id} data-testid="alert-row" className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
                <StatusBadge status={a.kind} />
                <AlertText a={a} />
                <span className="ml-auto tabular-nums text-xs text-slate-500" title={`received ${formatDateTime(a.received_at)}`}>{formatDateTime(a.event_time)}</span>
              </li>
            ))}
          </ul>
        )}
      </InfiniteList>
    </div>
  );
}
