"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { formatDateTime, orDash } from "@/components/format";
import { Badge, StatusBadge } from "@/components/status-badge";
import { EmptyState, ErrorState, FieldLabel, LoadMore, PageHeader, TableSkeleton, TableWrap, inputClass, td, th } from "@/components/ui";
import { useSearchParamUpdater } from "@/components/use-search-param-updater";
import { backtestsListOptions } from "@/lib/query/options";
import { parseBacktestSearchParams } from "./search-params";

const num = `${td} text-right font-mono tabular-nums`;

export function BacktestsView() {
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseBacktestSearchParams(searchParams), [searchParams]);
  const update = useSearchParamUpdater();
  const query = useInfiniteQuery(backtestsListOptions(filters));
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);

  return (
    <div>
      <PageHeader title="Backtests" description="PipAI backtest jobs: metrics of finished jobs, the error of failed ones. Newest first." />
      <form role="search" aria-label="Filter backtests" onSubmit={(e) => e.preventDefault()} className="mb-4 flex gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <div className="w-48">
          <FieldLabel htmlFor="f-status">Outcome</FieldLabel>
          <select id="f-status" data-testid="filter-status" value={filters.status ?? ""} onChange={(e) => update({ status: e.target.value })} className={inputClass}>
            <option value="">Any outcome</option>
            <option value="done">done</option>
            <option value="failed">failed</option>
          </select>
        </div>
      </form>
      {query.isPending ? (
        <TableSkeleton columns={9} />
      ) : query.isError && rows.length === 0 ? (
        <ErrorState title="Could not load backtests" error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No backtests found">{filters.status ? "No backtest with this outcome." : "No backtest event has been received yet."}</EmptyState>
      ) : (
        <>
          <TableWrap>
            <table data-testid="backtests-table" className="min-w-full divide-y divide-slate-200">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>Job</th>
                  <th scope="col" className={th}>Outcome</th>
                  <th scope="col" className={`${th} text-right`}>Total return</th>
                  <th scope="col" className={`${th} text-right`}>Sharpe</th>
                  <th scope="col" className={`${th} text-right`}>Max drawdown</th>
                  <th scope="col" className={`${th} text-right`}>Win rate</th>
                  <th scope="col" className={`${th} text-right`}>Trades</th>
                  <th scope="col" className={`${th} text-right`}>Profit factor</th>
                  <th scope="col" className={th}>Finished</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((b) => (
                  <tr key={b.id} data-testid="backtest-row" className="hover:bg-slate-50">
                    <td className={`${td} font-mono text-xs`}>
                      {b.id}
                      {b.anomalies.map((a, i) => (
                        <span key={i} className="ml-1"><Badge tone="warning" title={a.message}>{a.code}</Badge></span>
                      ))}
                    </td>
                    <td className={td}><StatusBadge status={b.status} /></td>
                    {b.metrics ? (
                      <>
                        <td className={num}>{orDash(b.metrics.total_return)}</td>
                        <td className={num}>{orDash(b.metrics.sharpe)}</td>
                        <td className={num}>{orDash(b.metrics.max_drawdown)}</td>
                        <td className={num}>{orDash(b.metrics.win_rate)}</td>
                        <td className={num}>{b.metrics.total_trades ?? "—"}</td>
                        <td className={num}>{orDash(b.metrics.profit_factor)}</td>
                      </>
                    ) : (
                      <td colSpan={6} className={`${td} whitespace-normal text-rose-800`}>
                        <span className="font-mono font-medium">{orDash(b.error_code)}</span> {b.error_message}
                      </td>
                    )}
                    <td className={`${td} tabular-nums`}>{formatDateTime(b.finished_at)}</td>
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
