"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { DebouncedTextInput } from "@/components/debounced-text-input";
import { formatDateTime, shortId } from "@/components/format";
import { Badge, StatusBadge } from "@/components/status-badge";
import {
  EmptyState,
  ErrorState,
  FieldLabel,
  LoadMore,
  PageHeader,
  TableSkeleton,
  TableWrap,
  inputClass,
  td,
  th,
} from "@/components/ui";
import { useSearchParamUpdater } from "@/components/use-search-param-updater";
import { operationsListOptions } from "@/lib/query/options";
import {
  OPERATION_STATUSES,
  OPERATION_TYPES,
  isoToLocalInput,
  localInputToIso,
  parseOperationSearchParams,
} from "./search-params";

export function OperationsView() {
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseOperationSearchParams(searchParams), [searchParams]);
  const update = useSearchParamUpdater();
  const query = useInfiniteQuery(operationsListOptions(filters));

  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const hasFilters = Object.values(filters).some((v) => v !== null);

  return (
    <div>
      <PageHeader title="Operations" description="Trade-strategy operations, most recently updated first." />

      <form
        role="search"
        aria-label="Filter operations"
        data-testid="operations-filters"
        onSubmit={(e) => e.preventDefault()}
        className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:grid-cols-3 xl:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
      >
        <div>
          <FieldLabel htmlFor="f-status">Status</FieldLabel>
          <select
            id="f-status"
            data-testid="filter-status"
            value={filters.status ?? ""}
            onChange={(e) => update({ status: e.target.value })}
            className={inputClass}
          >
            <option value="">All statuses</option>
            {OPERATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <FieldLabel htmlFor="f-type">Type</FieldLabel>
          <select
            id="f-type"
            data-testid="filter-type"
            value={filters.type ?? ""}
            onChange={(e) => update({ type: e.target.value })}
            className={inputClass}
          >
            <option value="">All types</option>
            {OPERATION_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div>
          <FieldLabel htmlFor="f-strategy">Strategy id</FieldLabel>
          <DebouncedTextInput
            id="f-strategy"
            testId="filter-strategy"
            value={filters.strategy_id ?? ""}
            placeholder="Exact strategy id"
            onCommit={(v) => update({ strategy_id: v })}
          />
        </div>
        <div>
          <FieldLabel htmlFor="f-from">Updated from (UTC)</FieldLabel>
          <input
            id="f-from"
            type="datetime-local"
            data-testid="filter-from"
            value={isoToLocalInput(filters.from)}
            onChange={(e) => update({ from: localInputToIso(e.target.value) })}
            className={inputClass}
          />
        </div>
        <div>
          <FieldLabel htmlFor="f-to">Updated to (UTC)</FieldLabel>
          <input
            id="f-to"
            type="datetime-local"
            data-testid="filter-to"
            value={isoToLocalInput(filters.to)}
            onChange={(e) => update({ to: localInputToIso(e.target.value) })}
            className={inputClass}
          />
        </div>
        <div className="flex items-end">
          <button
            type="button"
            disabled={!hasFilters}
            onClick={() => update({ status: null, type: null, strategy_id: null, from: null, to: null })}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 disabled:opacity-40"
          >
            Clear filters
          </button>
        </div>
      </form>

      {query.isPending ? (
        <TableSkeleton columns={8} />
      ) : query.isError && rows.length === 0 ? (
        <ErrorState title="Could not load operations" error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No operations found">
          {hasFilters ? "No operation matches these filters." : "No operation webhook has been received yet."}
        </EmptyState>
      ) : (
        <>
          <TableWrap>
            <table data-testid="operations-table" className="min-w-full divide-y divide-slate-200">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>Status</th>
                  <th scope="col" className={th}>Type</th>
                  <th scope="col" className={th}>Operation</th>
                  <th scope="col" className={th}>Strategy</th>
                  <th scope="col" className={th}>Updated</th>
                  <th scope="col" className={`${th} text-right`}>Events</th>
                  <th scope="col" className={th}>Anomalies</th>
                  <th scope="col" className={th}>Flags</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((op) => (
                  <tr
                    key={op.id}
                    data-testid="operation-row"
                    data-operation-id={op.id}
                    className="hover:bg-slate-50"
                  >
                    <td className={td}>
                      <StatusBadge status={op.status} title={op.status_reason || undefined} />
                    </td>
                    <td className={`${td} font-mono text-xs`}>{op.type}</td>
                    <td className={td}>
                      <Link
                        href={`/operations/${encodeURIComponent(op.id)}`}
                        title={op.id}
                        className="font-mono text-xs font-medium text-indigo-700 hover:underline"
                      >
                        {shortId(op.id)}
                      </Link>
                    </td>
                    <td className={`${td} font-mono text-xs`} title={op.strategy_id}>
                      {shortId(op.strategy_id)}
                    </td>
                    <td className={`${td} tabular-nums`}>{formatDateTime(op.updated_at)}</td>
                    <td className={`${td} text-right tabular-nums`}>{op.event_count}</td>
                    <td className={td}>
                      {op.anomaly_count > 0 ? (
                        <Badge tone="warning" testId="anomaly-count">
                          {op.anomaly_count} {op.anomaly_count === 1 ? "anomaly" : "anomalies"}
                        </Badge>
                      ) : (
                        <span className="text-slate-400">0</span>
                      )}
                    </td>
                    <td className={td}>
                      {op.stuck ? (
                        <Badge tone="danger" testId="stuck-badge" title="No progress for longer than expected">
                          stuck
                        </Badge>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
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
