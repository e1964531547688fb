"use client";

import Link from "next/link";
import { DataTable, type Column } from "@/components/data-table";
import { formatDateTime, orDash, shortId } from "@/components/format";
import { Badge, SEVERITY_TONE, StatusBadge } from "@/components/status-badge";
import type { OperationSummary } from "@/lib/schemas/operations";
import type { Trader } from "@/lib/schemas/traders";

const idLink = (href: string, id: string, testId?: string) => (
  <Link href={href} title={id} data-testid={testId} className="font-mono text-xs font-medium text-indigo-700 hover:underline">
    {shortId(id)}
  </Link>
);

export const operationHref = (id: string) => `/operations/${encodeURIComponent(id)}`;
export const traderHref = (id: string) => `/traders/${encodeURIComponent(id)}`;

const OPERATION_COLUMNS: Column<OperationSummary>[] = [
  { header: "Operation", cell: (o) => idLink(operationHref(o.id), o.id, "operation-link") },
  { header: "Status", cell: (o) => <StatusBadge status={o.status} title={o.status_reason || undefined} /> },
  { header: "Type", className: "font-mono text-xs", cell: (o) => o.type },
  { header: "Updated", className: "tabular-nums", cell: (o) => formatDateTime(o.updated_at) },
  { header: "Flags", cell: (o) => (o.stuck ? <Badge tone="danger">stuck</Badge> : o.anomaly_count > 0 ? <Badge tone="warning">{o.anomaly_count} anomalies</Badge> : null) },
];

/** A few operations (of a strategy, of a trader), each row opening its page. */
export function OperationsTable({ rows, testId }: { rows: OperationSummary[]; testId: string }) {
  return <DataTable rows={rows} columns={OPERATION_COLUMNS} rowKey={(o) => o.id} rowTestId={`${testId}-row`} tableTestId={testId} rowHref={(o) => operationHref(o.id)} />;
}

const TRADER_COLUMNS: Column<Trader>[] = [
  { header: "Trader", cell: (t) => idLink(traderHref(t.id), t.id, "trader-link") },
  { header: "Participant", className: "font-mono text-xs font-medium", cell: (t) => t.participant_code },
  { header: "Account", className: "font-mono text-xs", cell: (t) => (t.account_label ? shortId(t.account_label) : orDash(t.account_label)) },
  { header: "Auto-rebalance", cell: (t) => (t.auto_rebalance ? <Badge tone="success">on</Badge> : <Badge tone="muted">off</Badge>) },
  { header: "Created", className: "tabular-nums", cell: (t) => formatDateTime(t.created_at) },
  {
    header: "Anomalies",
    className: "whitespace-normal",
    cell: (t) =>
      t.anomalies.length === 0 ? (
        <span className="text-slate-400">—</span>
      ) : (
        t.anomalies.map((a, i) => (
          <Badge key={`${a.code}-${i}`} tone={SEVERITY_TONE[a.severity] ?? "neutral"} title={a.message}>
            {a.code}
          </Badge>
        ))
      ),
  },
];

/** The traders of a strategy, each row opening the trader's page. */
export function TradersTable({ rows, testId }: { rows: Trader[]; testId: string }) {
  return <DataTable rows={rows} columns={TRADER_COLUMNS} rowKey={(t) => t.id} rowTestId={`${testId}-row`} tableTestId={testId} rowHref={(t) => traderHref(t.id)} />;
}
