"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { InfiniteDataTable, useUrlFilters, type Column } from "@/components/data-table";
import { ClearFiltersButton, FilterBar, IgnoredFilters, SelectField, TextField } from "@/components/filter-bar";
import { formatDateTime, orDash } from "@/components/format";
import { PnlText } from "@/components/pnl";
import { Badge, StatusBadge } from "@/components/status-badge";
import { PageHeader } from "@/components/ui";
import { strategiesListOptions } from "@/lib/query/options";
import type { StrategySummary } from "@/lib/schemas/strategies";
import { STRATEGY_LIST_STATUSES, STRATEGY_PROVIDERS, strategyFilters } from "@/lib/schemas/console";

const right = "text-right";

const COLUMNS: Column<StrategySummary>[] = [
  {
    header: "Strategy",
    cell: (s) => (
      <>
        <Link href={`/strategies/${encodeURIComponent(s.id)}`} className="font-medium text-indigo-700 hover:underline">
          {s.name ?? <span className="font-mono text-xs">{s.id}</span>}
        </Link>
        {s.name ? <div className="font-mono text-xs text-slate-500">{s.id}</div> : null}
      </>
    ),
  },
  { header: "Provider", cell: (s) => <Badge tone="neutral">{s.provider}</Badge> },
  { header: "Status", cell: (s) => <StatusBadge status={s.status} testId="strategy-status" /> },
  { header: "Capital", headerClassName: right, className: "text-right font-mono tabular-nums", cell: (s) => orDash(s.capital) },
  { header: "Leverage", headerClassName: right, className: "text-right tabular-nums", cell: (s) => (s.leverage === null ? "—" : `${s.leverage}×`) },
  { header: "Realized PnL", headerClassName: right, className: right, cell: (s) => (s.provider === "pipai" ? <PnlText value={s.realized_pnl} /> : "—") },
  {
    header: "Positions",
    headerClassName: right,
    className: "text-right tabular-nums",
    cell: (s) => (s.provider === "pipai" ? `${s.open_positions} open · ${s.closed_positions} closed` : "—"),
  },
  { header: "Last received", className: "tabular-nums", cell: (s) => formatDateTime(s.last_received_at) },
  {
    header: "Anomalies",
    cell: (s) =>
      s.anomaly_count === 0 ? (
        <span className="text-slate-400">—</span>
      ) : (
        <Badge tone="warning" title={s.anomalies.map((a) => a.message).join("\n")}>{s.anomaly_count}</Badge>
      ),
  },
];

export function StrategiesView() {
  const { filters, raw, invalid, update, hasFilters, clear } = useUrlFilters(strategyFilters);
  const query = useInfiniteQuery(strategiesListOptions(filters));

  return (
    <div>
      <PageHeader title="Strategies" description="PipAI strategies with their lifecycle, and zerohash strategies seen through their operations. Most recent activity first." />

      <FilterBar label="Filter strategies" className="grid grid-cols-1 sm:grid-cols-[1fr_1fr_2fr_auto]">
        <SelectField id="f-status" label="Status" testId="filter-status" value={filters.status?.join(",")} anyLabel="Any status" options={STRATEGY_LIST_STATUSES} onChange={(v) => update({ status: v })} />
        <SelectField id="f-provider" label="Provider" testId="filter-provider" value={filters.provider} anyLabel="Any provider" options={STRATEGY_PROVIDERS} onChange={(v) => update({ provider: v })} />
        <TextField id="f-q" label="Name or id" testId="filter-q" value={raw.q} placeholder="Search by name or id" onChange={(v) => update({ q: v })} />
        <ClearFiltersButton active={hasFilters} onClear={clear} label="Clear" hideWhenInactive />
      </FilterBar>
      <IgnoredFilters invalid={invalid} />

      <InfiniteDataTable
        query={query}
        columns={COLUMNS}
        rowKey={(s) => s.id}
        rowTestId="strategy-row"
        rowProps={(s) => ({ "data-strategy-id": s.id })}
        rowHref={(s) => `/strategies/${encodeURIComponent(s.id)}`}
        tableTestId="strategies-table"
        errorTitle="Could not load strategies"
        emptyTitle="No strategies found"
        emptyDescription={hasFilters ? "No strategy matches these filters." : "No strategy event has been received yet."}
      />
    </div>
  );
}
