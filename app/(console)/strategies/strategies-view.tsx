"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { DebouncedTextInput } from "@/components/debounced-text-input";
import { formatDateTime, orDash } from "@/components/format";
import { PnlText } from "@/components/pnl";
import { Badge, StatusBadge } from "@/components/status-badge";
import { EmptyState, ErrorState, FieldLabel, LoadMore, PageHeader, TableSkeleton, TableWrap, inputClass, td, th } from "@/components/ui";
import { useSearchParamUpdater } from "@/components/use-search-param-updater";
import { strategiesListOptions } from "@/lib/query/options";
import { STRATEGY_PROVIDERS, STRATEGY_STATUSES, parseStrategySearchParams } from "./search-params";

export function StrategiesView() {
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseStrategySearchParams(searchParams), [searchParams]);
  const update = useSearchParamUpdater();
  const query = useInfiniteQuery(strategiesListOptions(filters));
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const hasFilters = Object.values(filters).some((v) => v !== null);

  return (
    <div>
      <PageHeader title="Strategies" description="PipAI strategies with their lifecycle, and zerohash strategies seen through their operations. Most recent activity first." />

      <form role="search" aria-label="Filter strategies" onSubmit={(e) => e.preventDefault()} className="mb-4 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-[1fr_1fr_2fr_auto]">
        <div>
          <FieldLabel htmlFor="f-status">Status</FieldLabel>
          <select id="f-status" data-testid="filter-status" value={filters.status ?? ""} onChange={(e) => update({ status: e.target.value })} className={inputClass}>
            <option value="">Any status</option>
            {STRATEGY_STATUSES.map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
          </select>
        </div>
        <div>
          <FieldLabel htmlFor="f-provider">Provider</FieldLabel>
          <select id="f-provider" data-testid="filter-provider" value={filters.provider ?? ""} onChange={(e) => update({ provider: e.target.value })} className={inputClass}>
            <option value="">Any provider</option>
            {STRATEGY_PROVIDERS.map((p) => (
              <option key={p} value={p}>{p}</option>
            ))}
          </select>
        </div>
        <div>
          <FieldLabel htmlFor="f-q">Name or id</FieldLabel>
          <DebouncedTextInput id="f-q" testId="filter-q" value={filters.q ?? ""} placeholder="Search by name or id" onCommit={(v) => update({ q: v })} />
        </div>
        <div className="flex items-end">
          {hasFilters ? (
            <button type="button" onClick={() => update({ status: null, provider: null, q: null })} className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100">
              Clear
            </button>
          ) : null}
        </div>
      </form>

      {query.isPending ? (
        <TableSkeleton columns={8} />
      ) : query.isError && rows.length === 0 ? (
        <ErrorState title="Could not load strategies" error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No strategies found">{hasFilters ? "No strategy matches these filters." : "No strategy event has been received yet."}</EmptyState>
      ) : (
        <>
          <TableWrap>
            <table data-testid="strategies-table" className="min-w-full divide-y divide-slate-200">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>Strategy</th>
                  <th scope="col" className={th}>Provider</th>
                  <th scope="col" className={th}>Status</th>
                  <th scope="col" className={`${th} text-right`}>Capital</th>
                  <th scope="col" className={`${th} text-right`}>Leverage</th>
                  <th scope="col" className={`${th} text-right`}>Realized PnL</th>
                  <th scope="col" className={`${th} text-right`}>Positions</th>
                  <th scope="col" className={th}>Last received</th>
                  <th scope="col" className={th}>Anomalies</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((s) => (
                  <tr key={s.id} data-testid="strategy-row" data-strategy-id={s.id} className="hover:bg-slate-50">
                    <td className={td}>
                      <Link href={`/strategies/${encodeURIComponent(s.id)}`} className="font-medium text-indigo-700 hover:underline">
                        {s.name ?? <span className="font-mono text-xs">{s.id}</span>}
                      </Link>
                      {s.name ? <div className="font-mono text-xs text-slate-500">{s.id}</div> : null}
                    </td>
                    <td className={td}><Badge tone="neutral">{s.provider}</Badge></td>
                    <td className={td}><StatusBadge status={s.status} testId="strategy-status" /></td>
                    <td className={`${td} text-right font-mono tabular-nums`}>{orDash(s.capital)}</td>
                    <td className={`${td} text-right tabular-nums`}>{s.leverage === null ? "—" : `${s.leverage}×`}</td>
                    <td className={`${td} text-right`}>{s.provider === "pipai" ? <PnlText value={s.realized_pnl} /> : "—"}</td>
                    <td className={`${td} text-right tabular-nums`}>{s.provider === "pipai" ? `${s.open_positions} open · ${s.closed_positions} closed` : "—"}</td>
                    <td className={`${td} tabular-nums`}>{formatDateTime(s.last_received_at)}</td>
                    <td className={td}>{s.anomaly_count === 0 ? <span className="text-slate-400">—</span> : <Badge tone="warning" title={s.anomalies.map((a) => a.message).join("\n")}>{s.anomaly_count}</Badge>}</td>
                  </tr>
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
