"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { DebouncedTextInput } from "@/components/debounced-text-input";
import { formatDateTime, orDash } from "@/components/format";
import { Badge, SEVERITY_TONE } from "@/components/status-badge";
import {
  EmptyState,
  ErrorState,
  FieldLabel,
  LoadMore,
  PageHeader,
  TableSkeleton,
  TableWrap,
  td,
  th,
} from "@/components/ui";
import { useSearchParamUpdater } from "@/components/use-search-param-updater";
import { tradersListOptions } from "@/lib/query/options";
import { parseTraderSearchParams } from "./search-params";

export function TradersView() {
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseTraderSearchParams(searchParams), [searchParams]);
  const update = useSearchParamUpdater();
  const query = useInfiniteQuery(tradersListOptions(filters));
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);

  return (
    <div>
      <PageHeader title="Traders" description="Participants enrolled in trade strategies." />

      <form
        role="search"
        aria-label="Filter traders"
        onSubmit={(e) => e.preventDefault()}
        className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      >
        <div className="w-full max-w-sm">
          <FieldLabel htmlFor="f-strategy">Strategy id</FieldLabel>
          <DebouncedTextInput
            id="f-strategy"
            testId="filter-strategy"
            value={filters.strategy_id ?? ""}
            placeholder="Exact strategy id"
            onCommit={(v) => update({ strategy_id: v })}
          />
        </div>
        {filters.strategy_id !== null ? (
          <button
            type="button"
            onClick={() => update({ strategy_id: null })}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100"
          >
            Clear
          </button>
        ) : null}
      </form>

      {query.isPending ? (
        <TableSkeleton columns={6} />
      ) : query.isError && rows.length === 0 ? (
        <ErrorState title="Could not load traders" error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No traders found">
          {filters.strategy_id !== null ? "No trader is enrolled in this strategy." : "No trader webhook has been received yet."}
        </EmptyState>
      ) : (
        <>
          <TableWrap>
            <table data-testid="traders-table" className="min-w-full divide-y divide-slate-200">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>Trader</th>
                  <th scope="col" className={th}>Participant</th>
                  <th scope="col" className={th}>Account</th>
                  <th scope="col" className={th}>Strategy</th>
                  <th scope="col" className={th}>Auto-rebalance</th>
                  <th scope="col" className={th}>Created</th>
                  <th scope="col" className={th}>Anomalies</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((t) => (
                  <tr key={`${t.strategy_id}/${t.id}`} data-testid="trader-row" className="hover:bg-slate-50">
                    <td className={`${td} font-mono text-xs`}>{t.id}</td>
                    <td className={`${td} font-mono text-xs font-medium`}>{t.participant_code}</td>
                    <td className={td}>{orDash(t.account_label)}</td>
                    <td className={`${td} font-mono text-xs`}>
                      <button
                        type="button"
                        title="Filter by this strategy"
                        onClick={() => update({ strategy_id: t.strategy_id })}
                        className="text-indigo-700 hover:underline"
                      >
                        {t.strategy_id}
                      </button>
                    </td>
                    <td className={td}>
                      {t.auto_rebalance ? <Badge tone="success">on</Badge> : <Badge tone="muted">off</Badge>}
                    </td>
                    <td className={`${td} tabular-nums`}>{formatDateTime(t.created_at)}</td>
                    <td className={`${td} whitespace-normal`}>
                      {t.anomalies.length === 0 ? (
                        <span className="text-slate-400">—</span>
                      ) : (
                        <div className="flex flex-wrap gap-1">
                          {t.anomalies.map((a, i) => (
                            <Badge key={`${a.code}-${i}`} tone={SEVERITY_TONE[a.severity] ?? "neutral"} title={a.message} testId="trader-anomaly">
                              {a.code}
                            </Badge>
                          ))}
                        </div>
                      )}
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
