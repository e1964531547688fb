"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DataTable, type Column } from "@/components/data-table";
import { BackLink, DetailLoadError } from "@/components/detail-states";
import { OperationsTable, operationHref } from "@/components/entity-tables";
import { formatDateTime, orDash, shortId } from "@/components/format";
import { Badge, SEVERITY_TONE, StatusBadge } from "@/components/status-badge";
import { CopyableText, Panel, TableSkeleton } from "@/components/ui";
import { traderDetailOptions } from "@/lib/query/options";
import type { TraderDetail } from "@/lib/schemas/traders";

const LIST = { href: "/traders", label: "Traders" };

type ExecutionRow = TraderDetail["executions"][number];

const EXECUTION_COLUMNS: Column<ExecutionRow>[] = [
  {
    header: "Operation",
    cellProps: (e) => ({ title: e.operation_id }),
    cell: (e) => (
      <Link href={operationHref(e.operation_id)} data-testid="execution-operation-link" className="font-mono text-xs font-medium text-indigo-700 hover:underline">
        {shortId(e.operation_id)}
      </Link>
    ),
  },
  { header: "Operation type", className: "font-mono text-xs", cell: (e) => e.operation_type ?? <span className="text-slate-400">not received</span> },
  { header: "Execution", className: "font-mono text-xs", cellProps: (e) => ({ title: e.id }), cell: (e) => shortId(e.id) },
  { header: "Participant", className: "font-mono text-xs", cell: (e) => e.participant_code },
  { header: "Status", cell: (e) => <StatusBadge status={e.status} title={e.status_reason || undefined} /> },
  { header: "Reason", className: "font-mono text-xs", cell: (e) => orDash(e.status_reason) },
  { header: "Updated", className: "tabular-nums", cell: (e) => formatDateTime(e.updated_at) },
];

export function TraderDetailView({ id }: { id: string }) {
  const query = useQuery(traderDetailOptions(id));

  if (query.isPending) return <TableSkeleton rows={6} columns={4} />;
  if (query.isError) {
    return (
      <DetailLoadError
        query={query}
        list={LIST}
        heading="Trader"
        errorTitle="Could not load this trader"
        notFound={{
          testId: "trader-not-found",
          title: "Trader not found",
          message: (
            <>
              No trader or execution with trader id <code className="font-mono">{id}</code> has been received.
            </>
          ),
        }}
      />
    );
  }

  const { trader: t, enrollment, executions, operations } = query.data;
  const strategyId = t?.strategy_id ?? executions[0]?.strategy_id ?? null;

  return (
    <div className="space-y-6">
      <div>
        <BackLink {...LIST} />
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Trader</h1>
          <span data-testid="trader-participant" className="font-mono text-sm text-slate-700">
            {t?.participant_code ?? executions[0]?.participant_code}
          </span>
          {t?.anomalies.map((a, i) => (
            <Badge key={`${a.code}-${i}`} tone={SEVERITY_TONE[a.severity] ?? "neutral"} title={a.message} testId="trader-anomaly">
              {a.code}
            </Badge>
          ))}
        </div>
      </div>

      {t === null ? (
        <div data-testid="trader-gap" role="note" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
          <p className="font-semibold">Trader known only from its executions</p>
          <p className="mt-1">An execution names this trader, but its trader.created event has not arrived yet: its account and settings are unknown.</p>
        </div>
      ) : null}

      <Panel title="Trader">
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] items-center gap-x-4 gap-y-2 p-4 text-sm md:grid-cols-[max-content_minmax(0,1fr)_max-content_minmax(0,1fr)]">
          <dt className="text-slate-500">Trader id</dt>
          <dd><CopyableText value={id} label="trader id" testId="trader-id" /></dd>
          <dt className="text-slate-500">Strategy</dt>
          <dd>
            {strategyId ? (
              <Link href={`/strategies/${encodeURIComponent(strategyId)}`} title={strategyId} data-testid="trader-strategy-link" className="font-mono text-xs text-indigo-700 hover:underline">
                {strategyId}
              </Link>
            ) : (
              "—"
            )}
          </dd>
          <dt className="text-slate-500">Account</dt>
          <dd className="truncate font-mono text-xs" title={t?.account_label}>{orDash(t?.account_label)}</dd>
          <dt className="text-slate-500">Auto-rebalance</dt>
          <dd>{t ? t.auto_rebalance ? <Badge tone="success">on</Badge> : <Badge tone="muted">off</Badge> : "—"}</dd>
          <dt className="text-slate-500">Created</dt>
          <dd className="tabular-nums">{formatDateTime(t?.created_at)}</dd>
          <dt className="text-slate-500">Received</dt>
          <dd className="tabular-nums">{formatDateTime(t?.received_at)}</dd>
        </dl>
      </Panel>

      <Panel title="Enrollment" testId="trader-enrollment">
        {enrollment ? (
          <p className="flex flex-wrap items-center gap-2 p-4 text-sm">
            <StatusBadge status={enrollment.status} />
            <span>settled {formatDateTime(enrollment.settled_at)} by execution</span>
            <span className="font-mono text-xs" title={enrollment.execution_id}>{shortId(enrollment.execution_id)}</span>
            <span>of operation</span>
            <Link href={operationHref(enrollment.operation_id)} data-testid="enrollment-operation-link" className="font-mono text-xs font-medium text-indigo-700 hover:underline" title={enrollment.operation_id}>
              {shortId(enrollment.operation_id)}
            </Link>
            {enrollment.operation_known ? null : <Badge tone="warning">operation event not received</Badge>}
          </p>
        ) : (
          <p className="p-4 text-sm text-slate-500">No settled enrollment execution has been received for this trader.</p>
        )}
      </Panel>

      <Panel title={`Executions (${executions.length})`} testId="trader-executions">
        {executions.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">No execution received.</p>
        ) : (
          <div className="p-4">
            <DataTable
              rows={executions}
              columns={EXECUTION_COLUMNS}
              rowKey={(e) => e.id}
              rowTestId="trader-execution-row"
              tableTestId="trader-executions-table"
              rowHref={(e) => operationHref(e.operation_id)}
            />
          </div>
        )}
      </Panel>

      <Panel title={`Operations (${operations.length})`} testId="trader-operations">
        {operations.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">No operation event received for these executions.</p>
        ) : (
          <div className="p-4">
            <OperationsTable rows={operations} testId="trader-operations-table" />
          </div>
        )}
      </Panel>
    </div>
  );
}
