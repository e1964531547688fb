"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { formatDateTime } from "@/components/format";
import { StatusBadge } from "@/components/status-badge";
import { EmptyState, ErrorState, FieldLabel, LoadMore, PageHeader, TableSkeleton, inputClass } from "@/components/ui";
import { useSearchParamUpdater } from "@/components/use-search-param-updater";
import { alertsListOptions } from "@/lib/query/options";
import type { AccountAlert } from "@/lib/query/types";
import { parseAlertSearchParams } from "./search-params";

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

export function AlertsView() {
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseAlertSearchParams(searchParams), [searchParams]);
  const update = useSearchParamUpdater();
  const query = useInfiniteQuery(alertsListOptions(filters));
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);

  return (
    <div>
      <PageHeader title="Account alerts" description="PipAI account events: low balances and API key rotations. Newest first." />
      <form role="search" aria-label="Filter alerts" onSubmit={(e) => e.preventDefault()} className="mb-4 flex gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <div className="w-56">
          <FieldLabel htmlFor="f-kind">Kind</FieldLabel>
          <select id="f-kind" data-testid="filter-kind" value={filters.kind ?? ""} onChange={(e) => update({ kind: e.target.value })} className={inputClass}>
            <option value="">Any kind</option>
            <option value="balance_low">balance low</option>
            <option value="api_key_rotated">API key rotated</option>
          </select>
        </div>
      </form>
      {query.isPending ? (
        <TableSkeleton columns={3} />
      ) : query.isError && rows.length === 0 ? (
        <ErrorState title="Could not load alerts" error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No alerts">{filters.kind ? "No alert of this kind." : "No account event has been received yet."}</EmptyState>
      ) : (
        <>
          <ul data-testid="alerts-feed" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
            {rows.map((a) => (
              <li key={a.id} data-testid="alert-row" className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
                <StatusBadge status={a.kind} />
                <AlertText a={a} />
                <span className="ml-auto tabular-nums text-xs text-slate-500" title={`received ${formatDateTime(a.received_at)}`}>{formatDateTime(a.event_time)}</span>
              </li>
            ))}
          </ul>
          <LoadMore count={rows.length} hasNextPage={query.hasNextPage} isFetchingNextPage={query.isFetchingNextPage} onLoadMore={() => void query.fetchNextPage()} error={query.isFetchNextPageError ? query.error : undefined} />
        </>
      )}
    </div>
  );
}
