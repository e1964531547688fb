"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { InfiniteDataTable, useUrlFilters, type Column } from "@/components/data-table";
import { FilterBar, SelectField } from "@/components/filter-bar";
import { formatDateTime, orDash } from "@/components/format";
import { Badge, StatusBadge } from "@/components/status-badge";
import { PageHeader } from "@/components/ui";
import { backtestsListOptions } from "@/lib/query/options";
import type { Backtest } from "@/lib/schemas/strategies";
import type { BacktestMetrics } from "@/lib/lifecycle/backtest";
import { BACKTEST_STATUSES, backtestFilters } from "@/lib/schemas/console";

type Metric = Exclude<keyof BacktestMetrics, "total_trades">;

/** A right-aligned metric column; a failed job's row shows its error across all of them instead. */
function metric(header: string, cell: (m: BacktestMetrics) => string | number): Column<Backtest> {
  return {
    header,
    headerClassName: "text-right",
    className: (b) => (b.metrics ? "text-right font-mono tabular-nums" : "whitespace-normal text-rose-800"),
    colSpan: (b) => (b.metrics ? 1 : METRIC_COLUMNS),
    cell: (b) =>
      b.metrics ? (
        cell(b.metrics)
      ) : (
        <>
          <span className="font-mono font-medium">{orDash(b.error_code)}</span> {b.error_message}
        </>
      ),
  };
}

const text = (key: Metric) => (m: BacktestMetrics) => orDash(m[key]);
const METRIC_COLUMNS = 6;

const COLUMNS: Column<Backtest>[] = [
  {
    header: "Job",
    className: "font-mono text-xs",
    cell: (b) => (
      <>
        {b.id}
        {b.anomalies.map((a, i) => (
          <span key={i} className="ml-1"><Badge tone="warning" title={a.message}>{a.code}</Badge></span>
        ))}
      </>
    ),
  },
  { header: "Outcome", cell: (b) => <StatusBadge status={b.status} /> },
  metric("Total return", text("total_return")),
  metric("Sharpe", text("sharpe")),
  metric("Max drawdown", text("max_drawdown")),
  metric("Win rate", text("win_rate")),
  metric("Trades", (m) => m.total_trades ?? "—"),
  metric("Profit factor", text("profit_factor")),
  { header: "Finished", className: "tabular-nums", cell: (b) => formatDateTime(b.finished_at) },
];

export function BacktestsView() {
  const { filters, update } = useUrlFilters(backtestFilters);
  const query = useInfiniteQuery(backtestsListOptions(filters));

  return (
    <div>
      <PageHeader title="Backtests" description="PipAI backtest jobs: metrics of finished jobs, the error of failed ones. Newest first." />
      <FilterBar label="Filter backtests" className="flex">
        <SelectField id="f-status" label="Outcome" testId="filter-status" className="w-48" value={filters.status} anyLabel="Any outcome" options={BACKTEST_STATUSES} onChange={(v) => update({ status: v })} />
      </FilterBar>
      <InfiniteDataTable
        query={query}
        columns={COLUMNS}
        rowKey={(b) => b.id}
        rowTestId="backtest-row"
        tableTestId="backtests-table"
        errorTitle="Could not load backtests"
        emptyTitle="No backtests found"
        emptyDescription={filters.status ? "No backtest with this outcome." : "No backtest event has been received yet."}
      />
    </div>
  );
}
