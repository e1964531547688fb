"use client";

import { useQuery } from "@tanstack/react-query";
import { formatDateTime, orDash } from "@/components/format";
import { JsonBlock } from "@/components/json-block";
import { Badge, SeverityBadge, StatusBadge } from "@/components/status-badge";
import { BackLink, DetailLoadError } from "@/components/detail-states";
import { EntityDeliveriesPanel } from "@/components/entity-deliveries";
import { CopyableText, Panel, TableWrap, td, th } from "@/components/ui";
import { operationDetailOptions } from "@/lib/query/options";
import Link from "next/link";
import type { Anomaly, Transition } from "@/lib/lifecycle/types";
import type { ExecutionView, OperationSummary, RawEvent } from "@/lib/schemas/operations";

const SEVERITY_ROW: Record<string, string> = {
  info: "border-sky-200 bg-sky-50",
  warning: "border-amber-200 bg-amber-50",
  critical: "border-rose-200 bg-rose-50",
};

const LIST = { href: "/operations", label: "Operations" };

export function OperationDetailView({ id }: { id: string }) {
  const query = useQuery(operationDetailOptions(id));

  if (query.isPending) return <DetailSkeleton />;

  if (query.isError) {
    return (
      <DetailLoadError
        query={query}
        list={LIST}
        heading="Operation"
        errorTitle="Could not load this operation"
        notFound={{
          testId: "operation-not-found",
          title: "Operation not found",
          message: (
            <>
              No operation with id <code className="font-mono">{id}</code> has been received.
            </>
          ),
        }}
      />
    );
  }

  const { operation: op, transitions, executions, anomalies, events } = query.data;

  return (
    <div className="space-y-6">
      <div>
        <BackLink {...LIST} />
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Operation</h1>
          {op ? <StatusBadge status={op.status} testId="operation-status" /> : <Badge tone="neutral" testId="operation-status">status unknown</Badge>}
          {op?.stuck ? (
            <Badge tone="danger" testId="stuck-badge">
              stuck
            </Badge>
          ) : null}
          {op ? <span className="font-mono text-sm text-slate-600">{op.type}</span> : null}
        </div>
        {op ? (
          <p data-testid="operation-reason" className="mt-1 text-sm text-slate-600">
            Reason: <span className="font-mono">{orDash(op.status_reason)}</span>
          </p>
        ) : null}
      </div>

      {op ? <OperationIdentifiers op={op} /> : <OperationGap id={id} executions={executions.length} />}

      <Panel title={`Anomalies (${anomalies.length})`} testId="anomalies">
        <AnomalyList anomalies={anomalies} />
      </Panel>

      <Panel title="Timeline">
        <TransitionTimeline transitions={transitions} testId="timeline" />
      </Panel>

      <section aria-labelledby="executions-heading">
        <h2 id="executions-heading" className="mb-3 text-sm font-semibold text-slate-900">
          Executions ({executions.length})
        </h2>
        {executions.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-500">
            No executions received for this operation.
          </p>
        ) : (
          <div className="space-y-4">
            {executions.map((ex) => (
              <ExecutionCard key={ex.id} execution={ex} />
            ))}
          </div>
        )}
      </section>

      <EntityDeliveriesPanel operationId={op?.id ?? id} />

      <Panel title={`Raw events (${events.length})`} testId="raw-events">
        <RawEventList events={events} />
      </Panel>
    </div>
  );
}

function OperationIdentifiers({ op }: { op: OperationSummary }) {
  return (
    <Panel title="Identifiers & allocations">
      <div className="grid gap-x-8 gap-y-4 p-4 md:grid-cols-2">
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] items-center gap-x-4 gap-y-2 text-sm">
          <dt className="text-slate-500">Operation id</dt>
          <dd><CopyableText value={op.id} label="operation id" testId="operation-id" /></dd>
          <dt className="text-slate-500">Strategy id</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <CopyableText value={op.strategy_id} label="strategy id" />
            <Link href={`/strategies/${encodeURIComponent(op.strategy_id)}`} className="text-xs font-medium text-indigo-700 hover:underline" data-testid="operation-strategy-link">
              Strategy →
            </Link>
          </dd>
          <dt className="text-slate-500">Request id</dt>
          <dd><CopyableText value={op.request_id} label="request id" /></dd>
          <dt className="text-slate-500">Created</dt>
          <dd className="tabular-nums">{formatDateTime(op.created_at)}</dd>
          <dt className="text-slate-500">Updated</dt>
          <dd className="tabular-nums">{formatDateTime(op.updated_at)}</dd>
          <dt className="text-slate-500">Received</dt>
          <dd className="tabular-nums">
            {formatDateTime(op.first_received_at)} → {formatDateTime(op.last_received_at)}
          </dd>
          <dt className="text-slate-500">Events</dt>
          <dd className="tabular-nums">{op.event_count}</dd>
        </dl>
        <div>
          <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Allocations</h3>
          {op.allocations.length === 0 ? (
            <p className="text-sm text-slate-500">No allocations.</p>
          ) : (
            <ul data-testid="allocations" className="flex flex-wrap gap-2">
              {op.allocations.map((a, i) => (
                <li
                  key={`${a.underlying_currency}-${i}`}
                  className="rounded-md border border-slate-200 bg-slate-50 px-3 py-1.5 text-sm"
                >
                  <span className="font-semibold">{a.underlying_currency}</span>{" "}
                  <span className="font-mono tabular-nums text-slate-600">{a.weight}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Panel>
  );
}

/** Execution events can arrive before any operation event: say what is missing instead of guessing it. */
function OperationGap({ id, executions }: { id: string; executions: number }) {
  return (
    <div data-testid="operation-gap" role="note" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
      <p className="font-semibold">Operation known only from its executions</p>
      <p className="mt-1">
        Events of {executions === 1 ? "one execution" : `${executions} executions`} of operation{" "}
        <code className="font-mono text-xs">{id}</code> arrived, but no operation event yet: its status, type, strategy, request and
        allocations are unknown until zerohash sends one. The operation event may be delayed or lost.
      </p>
    </div>
  );
}

function DetailSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading" data-testid="loading" className="space-y-4">
      <div className="h-8 w-64 animate-pulse rounded bg-slate-200" />
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-32 animate-pulse rounded-lg bg-slate-200/70" />
      ))}
    </div>
  );
}

function AnomalyList({ anomalies }: { anomalies: Anomaly[] }) {
  if (anomalies.length === 0) {
    return <p className="px-4 py-3 text-sm text-slate-500">No anomalies</p>;
  }
  return (
    <ul className="space-y-2 p-4">
      {anomalies.map((a, i) => (
        <li
          key={`${a.code}-${i}`}
          data-testid="anomaly"
          data-severity={a.severity}
          className={`flex flex-wrap items-start gap-x-3 gap-y-1 rounded-md border px-3 py-2 text-sm ${SEVERITY_ROW[a.severity] ?? "border-slate-200 bg-slate-50"}`}
        >
          <SeverityBadge severity={a.severity} />
          <code className="font-mono text-xs text-slate-600">{a.code}</code>
          <span className="min-w-0 flex-1 basis-64 text-slate-800">{a.message}</span>
          {a.at ? <span className="text-xs tabular-nums text-slate-500">{formatDateTime(a.at)}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function notAppliedLabel(t: Transition): string {
  return t.anomaly?.code === "impossible_transition" ? "rejected transition" : "ignored (late/duplicate)";
}

function TransitionTimeline({ transitions, testId }: { transitions: Transition[]; testId?: string }) {
  if (transitions.length === 0) {
    return (
      <p data-testid={testId} className="px-4 py-3 text-sm text-slate-500">
        No transitions recorded.
      </p>
    );
  }
  return (
    <ol data-testid={testId} className="divide-y divide-slate-100">
      {transitions.map((t, i) => {
        const flagged = t.anomaly !== undefined;
        const rowTone = flagged
          ? (SEVERITY_ROW[t.anomaly?.severity ?? ""] ?? "bg-amber-50")
          : !t.applied
            ? "bg-slate-50"
            : "";
        return (
          <li
            key={`${t.notification_id}-${i}`}
            data-testid="timeline-row"
            data-status={t.status}
            data-applied={t.applied}
            data-flagged={flagged}
            className={`grid gap-2 px-4 py-3 text-sm md:grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)_minmax(0,1.4fr)] ${rowTone} ${flagged ? "border-l-4" : ""}`}
          >
            <div className="flex min-w-0 flex-wrap items-center gap-2">
              <span className="w-6 shrink-0 text-right text-xs tabular-nums text-slate-400">{i + 1}</span>
              <StatusBadge status={t.status} />
              <span className="font-mono text-xs text-slate-600">
                {t.from ?? "∅"} → {t.status}
              </span>
              {!t.applied ? (
                <Badge tone={t.anomaly?.code === "impossible_transition" ? "danger" : "muted"} testId="not-applied">
                  {notAppliedLabel(t)}
                </Badge>
              ) : null}
            </div>
            <div className="text-xs text-slate-600">
              <div>
                <span className="text-slate-400">event </span>
                <span className="tabular-nums">{formatDateTime(t.updated_at)}</span>
              </div>
              <div>
                <span className="text-slate-400">received </span>
                <span className="tabular-nums">{formatDateTime(t.received_at)}</span>
              </div>
            </div>
            <div className="min-w-0 text-xs text-slate-600">
              <div className="truncate" title={t.notification_id}>
                <span className="text-slate-400">notification </span>
                <span className="font-mono">{t.notification_id}</span>
              </div>
              {t.status_reason ? (
                <div>
                  <span className="text-slate-400">reason </span>
                  <span className="font-mono">{t.status_reason}</span>
                </div>
              ) : null}
              {t.anomaly ? (
                <p data-testid="timeline-anomaly" className="mt-1 flex items-start gap-2 text-slate-800">
                  <SeverityBadge severity={t.anomaly.severity} />
                  <span>{t.anomaly.message}</span>
                </p>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function ExecutionCard({ execution: ex }: { execution: ExecutionView }) {
  return (
    <article
      data-testid="execution-card"
      data-execution-id={ex.id}
      className="rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <header className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 px-4 py-3">
        <h3 className="font-mono text-sm font-semibold text-slate-900" data-testid="execution-participant">
          {ex.participant_code}
        </h3>
        <StatusBadge status={ex.status} testId="execution-status" />
        <span className="text-sm text-slate-600">
          Reason: <span className="font-mono">{orDash(ex.status_reason)}</span>
        </span>
        {ex.anomalies.length > 0 ? (
          <Badge tone="warning">
            {ex.anomalies.length} {ex.anomalies.length === 1 ? "anomaly" : "anomalies"}
          </Badge>
        ) : null}
      </header>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 px-4 py-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <div className="flex min-w-0 gap-2">
          <dt className="text-slate-500">Trader</dt>
          <dd className="truncate font-mono text-xs leading-5" title={ex.trader_id}>
            {ex.trader_id ? (
              <Link href={`/traders/${encodeURIComponent(ex.trader_id)}`} className="text-indigo-700 hover:underline" data-testid="execution-trader-link">
                {ex.trader_id}
              </Link>
            ) : (
              "—"
            )}
          </dd>
        </div>
        <div className="flex min-w-0 gap-2">
          <dt className="text-slate-500">Account</dt>
          <dd className="truncate">{orDash(ex.account_label)}</dd>
        </div>
        <div className="flex min-w-0 gap-2">
          <dt className="text-slate-500">Execution</dt>
          <dd className="truncate font-mono text-xs leading-5" title={ex.id}>{ex.id}</dd>
        </div>
        <div className="flex min-w-0 gap-2">
          <dt className="text-slate-500">Updated</dt>
          <dd className="tabular-nums">{formatDateTime(ex.updated_at)}</dd>
        </div>
      </dl>

      <div className="px-4 pb-4">
        {ex.instructions.length === 0 ? (
          <p className="text-sm text-slate-500">No instructions.</p>
        ) : (
          <TableWrap>
            <table className="min-w-full divide-y divide-slate-200" data-testid="instructions-table">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>Currency</th>
                  <th scope="col" className={th}>Side</th>
                  <th scope="col" className={`${th} text-right`}>Amount</th>
                  <th scope="col" className={th}>Status</th>
                  <th scope="col" className={`${th} text-right`}>Price</th>
                  <th scope="col" className={`${th} text-right`}>Quantity</th>
                  <th scope="col" className={`${th} text-right`}>Total notional</th>
                  <th scope="col" className={th}>Executed</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {ex.instructions.map((ins, i) => (
                  <tr key={`${ins.underlying_currency}-${i}`} data-testid="instruction-row">
                    <td className={`${td} font-medium`}>
                      {ins.underlying_currency}
                      <span className="text-slate-400">/{ins.quoted_currency}</span>
                    </td>
                    <td className={td}>{ins.side}</td>
                    <td className={`${td} text-right font-mono tabular-nums`}>
                      {orDash(ins.amount)} <span className="text-xs text-slate-500">{ins.amount_type}</span>
                    </td>
                    <td className={td}>
                      <StatusBadge status={ins.status} title={ins.status_reason || undefined} />
                    </td>
                    <td className={`${td} text-right font-mono tabular-nums`}>{orDash(ins.price)}</td>
                    <td className={`${td} text-right font-mono tabular-nums`}>{orDash(ins.quantity)}</td>
                    <td className={`${td} text-right font-mono tabular-nums`}>{orDash(ins.total_notional)}</td>
                    <td className={`${td} tabular-nums`}>{formatDateTime(ins.executed_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </div>

      {ex.anomalies.length > 0 || ex.transitions.length > 0 ? (
        <details className="group border-t border-slate-200">
          <summary className="cursor-pointer px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
            <span className="mr-1 inline-block transition-transform group-open:rotate-90">▸</span>
            Execution timeline ({ex.transitions.length}) &amp; anomalies ({ex.anomalies.length})
          </summary>
          <AnomalyList anomalies={ex.anomalies} />
          <TransitionTimeline transitions={ex.transitions} testId="execution-timeline" />
        </details>
      ) : null}
    </article>
  );
}

function RawEventList({ events }: { events: RawEvent[] }) {
  if (events.length === 0) return <p className="px-4 py-3 text-sm text-slate-500">No raw events stored.</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {events.map((ev) => (
        <li key={ev.id} data-testid="raw-event">
          <details className="group">
            <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-sm hover:bg-slate-50">
              <span aria-hidden className="inline-block text-slate-400 transition-transform group-open:rotate-90">▸</span>
              <span className="font-mono text-xs text-slate-600">{ev.type}</span>
              {ev.status !== null ? <StatusBadge status={ev.status} /> : null}
              <span className="font-mono text-xs text-slate-500" title={ev.notification_id}>
                {ev.notification_id}
              </span>
              <span className="ml-auto text-xs tabular-nums text-slate-500">
                event {formatDateTime(ev.event_time)} · received {formatDateTime(ev.received_at)}
              </span>
            </summary>
            <div className="px-4 pb-4">
              <JsonBlock text={ev.payload} />
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
