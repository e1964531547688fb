"use client";

import { SetupGuide } from "@/components/setup-guide";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { InfiniteDataTable, useUrlFilters, type Column } from "@/components/data-table";
import { ClearFiltersButton, FilterBar, IgnoredFilters, SelectField, TextField, TimeRangeFields } from "@/components/filter-bar";
import { FilterTabs } from "@/components/tabs";
import { formatDateTime, shortId } from "@/components/format";
import { Badge, StatusBadge } from "@/components/status-badge";
import { PageHeader } from "@/components/ui";
import { operationsListOptions } from "@/lib/query/options";
import type { OperationSummary } from "@/lib/schemas/operations";
import { OPERATION_TYPES, operationFilters } from "@/lib/schemas/console";

/** The status tabs: each stands for a set of statuses, written comma-separated in the URL. */
const OPERATION_STATUS_TABS = [
  { value: "", label: "All" },
  { value: "validating,pricing,settling", label: "In progress" },
  { value: "settled", label: "Settled" },
  { value: "skipped", label: "Skipped" },
  { value: "failed", label: "Failed" },
] as const;

const COLUMNS: Column<OperationSummary>[] = [
  { header: "Status", cell: (op) => <StatusBadge status={op.status} title={op.status_reason || undefined} /> },
  { header: "Type", className: "font-mono text-xs", cell: (op) => op.type },
  {
    header: "Operation",
    cell: (op) => (
      <Link
        href={`/operations/${encodeURIComponent(op.id)}`}
        title={op.id}
        className="font-mono text-xs font-medium text-indigo-700 hover:underline"
      >
        {shortId(op.id)}
      </Link>
    ),
  },
  {
    header: "Strategy",
    cellProps: (op) => ({ title: op.strategy_id }),
    cell: (op) => (
      <Link href={`/strategies/${encodeURIComponent(op.strategy_id)}`} className="font-mono text-xs text-indigo-700 hover:underline">
        {shortId(op.strategy_id)}
      </Link>
    ),
  },
  { header: "Updated", className: "tabular-nums", cell: (op) => formatDateTime(op.updated_at) },
  { header: "Events", headerClassName: "text-right", className: "text-right tabular-nums", cell: (op) => op.event_count },
  {
    header: "Anomalies",
    cell: (op) =>
      op.anomaly_count > 0 ? (
        <Badge tone="warning" testId="anomaly-count">
          {op.anomaly_count} {op.anomaly_count === 1 ? "anomaly" : "anomalies"}
        </Badge>
      ) : (
        <span className="text-slate-400">0</span>
      ),
  },
  {
    header: "Flags",
    cell: (op) =>
      op.stuck ? (
        <Badge tone="danger" testId="stuck-badge" title="No progress for longer than expected">
          stuck
        </Badge>
      ) : null,
  },
];

export function OperationsView() {
  const { filters, raw, invalid, update, hasFilters, clear } = useUrlFilters(operationFilters);
  const query = useInfiniteQuery(operationsListOptions(filters));

  return (
    <div>
      <PageHeader title="Operations" description="Trade-strategy operations, most recently updated first." />

      <FilterTabs
        label="Operation status"
        testId="status-tabs"
        tabs={OPERATION_STATUS_TABS.map((t) => ({ ...t, testId: `status-tab-${t.value.split(",")[0] || "all"}` }))}
        selected={OPERATION_STATUS_TABS.find((t) => t.value === (filters.status?.join(",") ?? ""))?.value ?? null}
        onSelect={(v) => update({ status: v || null })}
      />

      <FilterBar
        label="Filter operations"
        testId="operations-filters"
        className="grid grid-cols-1 sm:grid-cols-2 md:grid-cols-3 xl:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
      >
        <SelectField id="f-type" label="Type" testId="filter-type" value={filters.type} anyLabel="All types" options={OPERATION_TYPES} onChange={(v) => update({ type: v })} />
        <TextField id="f-operation" label="Operation id" testId="filter-operation" value={raw.operation_id} placeholder="8+ characters or the whole id" onChange={(v) => update({ operation_id: v })} />
        <TextField id="f-strategy" label="Strategy id" testId="filter-strategy" value={raw.strategy_id} placeholder="8+ characters or the whole id" onChange={(v) => update({ strategy_id: v })} />
        <TimeRangeFields what="Updated" from={filters.from} to={filters.to} onChange={update} />
        <ClearFiltersButton active={hasFilters} onClear={clear} />
      </FilterBar>
      <IgnoredFilters invalid={invalid} />

      <InfiniteDataTable
        query={query}
        live="operations"
        columns={COLUMNS}
        rowKey={(op) => op.id}
        rowTestId="operation-row"
        rowProps={(op) => ({ "data-operation-id": op.id })}
        rowHref={(op) => `/operations/${encodeURIComponent(op.id)}`}
        tableTestId="operations-table"
        errorTitle="Could not load operations"
        emptyTitle="No operations found"
        emptyDescription={hasFilters ? "No operation matches these filters." : <SetupGuide lead="No operation webhook has been received yet." />}
      />
    </div>
  );
}
