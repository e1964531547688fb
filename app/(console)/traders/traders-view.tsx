"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { InfiniteDataTable, useUrlFilters, type Column } from "@/components/data-table";
import { ClearFiltersButton, FilterBar, IgnoredFilters, TextField } from "@/components/filter-bar";
import Link from "next/link";
import { formatDateTime, orDash, shortId } from "@/components/format";
import { Badge, SEVERITY_TONE } from "@/components/status-badge";
import { PageHeader } from "@/components/ui";
import { tradersListOptions } from "@/lib/query/options";
import type { Trader } from "@/lib/schemas/traders";
import { traderFilters } from "@/lib/schemas/console";

function traderColumns(filterByStrategy: (strategyId: string) => void): Column<Trader>[] {
  return [
    {
      header: "Trader",
      cellProps: (t) => ({ title: t.id }),
      cell: (t) => (
        <Link href={`/traders/${encodeURIComponent(t.id)}`} data-testid="trader-link" className="font-mono text-xs font-medium text-indigo-700 hover:underline">
          {shortId(t.id)}
        </Link>
      ),
    },
    { header: "Participant", className: "font-mono text-xs font-medium", cell: (t) => t.participant_code },
    { header: "Account", cell: (t) => orDash(t.account_label) },
    {
      header: "Strategy",
      className: "font-mono text-xs",
      cellProps: (t) => ({ title: t.strategy_id }),
      cell: (t) => (
        <span className="flex items-center gap-2">
          <Link href={`/strategies/${encodeURIComponent(t.strategy_id)}`} className="text-indigo-700 hover:underline">
            {shortId(t.strategy_id)}
          </Link>
          <button
            type="button"
            title="Filter by this strategy"
            aria-label={`Show only traders of strategy ${t.strategy_id}`}
            onClick={() => filterByStrategy(t.strategy_id)}
            className="rounded px-1 font-sans text-slate-500 hover:bg-slate-100 hover:text-slate-800"
          >
            ⌕
          </button>
        </span>
      ),
    },
    {
      header: "Auto-rebalance",
      cell: (t) => (t.auto_rebalance ? <Badge tone="success">on</Badge> : <Badge tone="muted">off</Badge>),
    },
    { header: "Created", className: "tabular-nums", cell: (t) => formatDateTime(t.created_at) },
    {
      header: "Anomalies",
      className: "whitespace-normal",
      cell: (t) =>
        t.anomalies.length === 0 ? (
          <span className="text-slate-400">—</span>
        ) : (
          <div className="flex flex-wrap gap-1">
            {t.anomalies.map((a, i) => (
              <Badge key={`${a.code}-${i}`} tone={SEVERITY_TONE[a.severity] ?? "neutral"} title={a.message} testId="trader-anomaly">
                {a.code}
              </Badge>
            ))}
          </div>
        ),
    },
  ];
}

export function TradersView() {
  const { filters, raw, invalid, update, hasFilters, clear } = useUrlFilters(traderFilters);
  const query = useInfiniteQuery(tradersListOptions(filters));

  return (
    <div>
      <PageHeader title="Traders" description="Participants enrolled in trade strategies." />

      <FilterBar label="Filter traders" className="flex flex-wrap items-end">
        <TextField className="w-full max-w-xs" id="f-trader" label="Trader id" testId="filter-trader" value={raw.trader_id} placeholder="8+ characters or the whole id" onChange={(v) => update({ trader_id: v })} />
        <TextField className="w-full max-w-xs" id="f-strategy" label="Strategy id" testId="filter-strategy" value={raw.strategy_id} placeholder="8+ characters or the whole id" onChange={(v) => update({ strategy_id: v })} />
        <ClearFiltersButton active={hasFilters} onClear={clear} label="Clear" hideWhenInactive />
      </FilterBar>
      <IgnoredFilters invalid={invalid} />

      <InfiniteDataTable
        query={query}
        columns={traderColumns((strategyId) => update({ strategy_id: strategyId }))}
        rowKey={(t) => `${t.strategy_id}/${t.id}`}
        rowTestId="trader-row"
        tableTestId="traders-table"
        rowHref={(t) => `/traders/${encodeURIComponent(t.id)}`}
        errorTitle="Could not load traders"
        emptyTitle="No traders found"
        emptyDescription={hasFilters ? "No trader matches these filters." : "No trader webhook has been received yet."}
      />
    </div>
  );
}
