"use client";

import { roleNote, useCan } from "@/components/me-context";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { HttpStatus } from "@/components/deliveries-table";
import { progressText } from "@/components/delivery-progress";
import { SubjectLink, useNow } from "@/components/delivery-subject";
import { formatDateTime } from "@/components/format";
import { JsonBlock } from "@/components/json-block";
import { Badge, StatusBadge, type Tone } from "@/components/status-badge";
import { DetailLoadError } from "@/components/detail-states";
import { CopyableText, Panel, TableSkeleton } from "@/components/ui";
import { sendJson } from "@/lib/query/fetch";
import { queryKeys } from "@/lib/query/keys";
import { deliveryDetailOptions } from "@/lib/query/options";
import type { z } from "zod";
import type { DeliveryAttempt, retryOneSchema } from "@/lib/schemas/deliveries";

const OUTCOME_TONE: Record<DeliveryAttempt["outcome"], Tone> = { delivered: "success", retry: "warning", failed: "danger" };
const OUTCOME_LABEL: Record<DeliveryAttempt["outcome"], string> = { delivered: "delivered", retry: "will retry", failed: "gave up" };

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-800">{children}</dd>
    </div>
  );
}

function Headers({ headers }: { headers: Record<string, string> | null }) {
  if (!headers || Object.keys(headers).length === 0) return <p className="text-xs text-slate-500">(none)</p>;
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 font-mono text-xs">
      {Object.entries(headers).map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="break-all text-slate-800">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function DeliveryDetailView({ id }: { id: string }) {
  // while pending (queued or retrying), follow the worker's progress
  const query = useQuery({ ...deliveryDetailOptions(id), refetchInterval: (q) => (q.state.data?.delivery.status === "pending" ? 2_000 : false) });
  const queryClient = useQueryClient();
  const canOperate = useCan("operate");
  const now = useNow(5_000);
  // How many attempts existed when the retry was queued: the "Queued" notice holds only until
  // the next attempt lands, then the latest outcome speaks (a retry that fails again says so).
  const [queuedAt, setQueuedAt] = useState<number | null>(null);
  const retry = useMutation({
    mutationFn: () => sendJson<z.infer<typeof retryOneSchema>>(`/api/console/deliveries/${encodeURIComponent(id)}/retry`, "POST"),
    onMutate: () => setQueuedAt(query.data?.attempts.length ?? 0),
    onError: () => setQueuedAt(null),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.deliveries.all() }),
  });

  if (query.isPending) return <TableSkeleton rows={6} columns={3} />;
  if (query.isError) {
    return (
      <DetailLoadError
        query={query}
        list={{ href: "/deliveries", label: "Deliveries" }}
        heading="Delivery"
        errorTitle="Could not load the delivery"
        notFound={{
          testId: "delivery-not-found",
          title: "Delivery not found",
          message: (
            <>
              No delivery has the id <code className="font-mono">{id}</code>.
            </>
          ),
        }}
      />
    );
  }
  const { delivery: d, attempts, event, entity, subject } = query.data;
  const waiting = queuedAt !== null && attempts.length === queuedAt && d.status === "pending";
  const lastAttempt = attempts.at(-1);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">
            <Link href="/deliveries" className="hover:underline">Deliveries</Link> /
          </p>
          <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight text-slate-900">
            <span className="font-mono text-lg">{d.event_type}</span>
            <StatusBadge status={d.console_status} testId="delivery-status" />
            {d.is_test ? <Badge tone="info">test</Badge> : null}
          </h1>
          <p data-testid="delivery-progress" suppressHydrationWarning className="mt-1 text-sm tabular-nums text-slate-600">
            {progressText(d, now)}
          </p>
          {d.failed_reason ? <p data-testid="failed-reason" className="mt-1 text-sm text-rose-700">{d.failed_reason}</p> : null}
        </div>
        {d.is_test ? (
          <p className="max-w-xs text-sm text-slate-500">Test webhooks are sent once; send a new one from Settings.</p>
        ) : (
          <div className="flex flex-col items-end gap-1">
            <button
              type="button"
              data-testid="retry-delivery"
              disabled={retry.isPending || !canOperate}
              title={canOperate ? undefined : roleNote("operate")}
              onClick={() => retry.mutate()}
              className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
            >
              {retry.isPending ? "Retrying…" : d.status === "pending" ? "Send now" : "Retry"}
            </button>
            {!canOperate ? <p className="text-xs text-slate-500">{roleNote("operate")} to retry.</p> : null}
            {retry.isError ? <p role="alert" className="text-sm text-rose-700">{retry.error.message}</p> : null}
            {retry.isSuccess && waiting ? <p data-testid="retry-queued" className="text-sm text-slate-600">Queued; the worker sends it within seconds.</p> : null}
            {retry.isSuccess && !waiting && queuedAt !== null && lastAttempt && attempts.length > queuedAt ? (
              <p data-testid="retry-outcome" role="status" className={`text-sm ${lastAttempt.outcome === "delivered" ? "text-emerald-700" : "text-rose-700"}`}>
                {lastAttempt.outcome === "delivered"
                  ? "The retry was delivered."
                  : `The retry failed${lastAttempt.response_status !== null ? ` (HTTP ${lastAttempt.response_status})` : lastAttempt.error ? `: ${lastAttempt.error}` : ""}${lastAttempt.outcome === "retry" ? "; it is retried on schedule." : "."}`}
              </p>
            ) : null}
          </div>
        )}
      </div>

      <Panel title="Delivery">
        <dl className="grid grid-cols-1 gap-4 p-4 sm:grid-cols-2 lg:grid-cols-4">
          <Field label="Delivery id"><CopyableText value={d.id} label="delivery id" testId="delivery-id" /></Field>
          <Field label="webhook-id"><CopyableText value={d.webhook_id} label="webhook id" /></Field>
          <Field label="Callback URL"><span className="break-all font-mono text-xs">{d.callback_url ?? "— (not sent yet)"}</span></Field>
          <Field label="Attempts"><span data-testid="attempt-count" className="tabular-nums">{d.attempts}</span> <span className="text-xs text-slate-500">({d.schedule_attempts} of {d.max_attempts} in this schedule)</span></Field>
          <Field label="Belongs to">
            <span className="flex flex-col gap-0.5">
              <SubjectLink d={{ ...d, subject }} testId="subject-link" full />
              {subject?.kind !== "operation" && d.operation_id ? (
                <Link href={`/operations/${encodeURIComponent(d.operation_id)}`} className="font-mono text-xs text-indigo-700 hover:underline"><span className="font-sans text-slate-500">operation</span> {d.operation_id}</Link>
              ) : null}
              {subject?.kind !== "strategy" && d.strategy_id ? (
                <Link href={`/strategies/${encodeURIComponent(d.strategy_id)}`} className="font-mono text-xs text-indigo-700 hover:underline"><span className="font-sans text-slate-500">strategy</span> {d.strategy_id}</Link>
              ) : null}
            </span>
          </Field>
          <Field label="Created">{formatDateTime(d.created_at)}</Field>
          <Field label="Delivered">{formatDateTime(d.delivered_at)}</Field>
          <Field label="Next attempt due"><span data-testid="next-attempt">{d.next_attempt_at ? formatDateTime(d.next_attempt_at) : "—"}</span></Field>
          <Field label="Last HTTP status"><HttpStatus status={d.response_status} /></Field>
        </dl>
      </Panel>

      <Panel title="Source event" testId="source-event">
        {event ? (
          <dl className="grid grid-cols-1 gap-4 p-4 sm:grid-cols-2 lg:grid-cols-4">
            <Field label="Event id"><CopyableText value={event.id} label="event id" /></Field>
            <Field label="Provider">{event.provider}</Field>
            <Field label="Provider notification id"><span className="break-all font-mono text-xs">{event.external_id}</span></Field>
            <Field label="Received">{formatDateTime(event.received_at)}</Field>
            <Field label="Entity">
              {entity ? (
                <Link data-testid="entity-link" href={`/${entity.kind === "operation" ? "operations" : "strategies"}/${encodeURIComponent(entity.id)}`} className="font-mono text-xs text-indigo-700 hover:underline">
                  {entity.kind} {entity.id}
                </Link>
              ) : (
                "—"
              )}
            </Field>
          </dl>
        ) : (
          <p className="px-4 py-3 text-sm text-slate-500">{d.is_test ? "A test webhook has no source event." : "The source event is no longer stored."}</p>
        )}
      </Panel>

      <Panel title={`Attempts (${attempts.length})`} testId="attempts">
        {attempts.length === 0 ? (
          <p className="px-4 py-3 text-sm text-slate-500">
            No attempt yet.{" "}
            {d.next_attempt_at ? `Due ${formatDateTime(d.next_attempt_at)}; it waits while no callback URL is set or the destination is paused.` : null}
          </p>
        ) : (
          <ol className="divide-y divide-slate-100">
            {[...attempts].reverse().map((a) => (
              <li key={a.number} data-testid="attempt" data-outcome={a.outcome} className="px-4 py-3">
                <div className="flex flex-wrap items-center gap-3 text-sm">
                  <span className="font-semibold text-slate-900">#{a.number}</span>
                  <Badge tone={OUTCOME_TONE[a.outcome]}>{OUTCOME_LABEL[a.outcome]}</Badge>
                  <HttpStatus status={a.response_status} />
                  <span className="tabular-nums text-slate-600">{formatDateTime(a.started_at)}</span>
                  <span className="tabular-nums text-slate-600" data-testid="attempt-latency">{a.duration_ms} ms</span>
                  {a.next_attempt_at ? <span className="text-slate-500">next attempt {formatDateTime(a.next_attempt_at)}</span> : null}
                </div>
                {a.error ? <p data-testid="attempt-error" className="mt-1 text-sm text-rose-700">{a.error}</p> : null}
                <details className="mt-2">
                  <summary className="cursor-pointer text-xs font-medium text-indigo-700">Request and response</summary>
                  <div className="mt-2 grid gap-4 lg:grid-cols-2">
                    <div className="space-y-2">
                      <h3 className="text-xs font-semibold text-slate-500">
                        <span className="uppercase tracking-wide">Request</span> · POST <span className="break-all font-mono font-normal">{a.url}</span>
                      </h3>
                      <Headers headers={a.request_headers} />
                      <JsonBlock text={a.request_body} />
                    </div>
                    <div className="space-y-2">
                      <h3 className="text-xs font-semibold text-slate-500">
                        <span className="uppercase tracking-wide">Response</span> {a.response_status ?? "(none)"}
                      </h3>
                      <Headers headers={a.response_headers} />
                      {a.response_body !== null ? <JsonBlock text={a.response_body} /> : <p className="text-xs text-slate-500">No response.</p>}
                    </div>
                  </div>
                </details>
              </li>
            ))}
          </ol>
        )}
      </Panel>

      <Panel title="Payload sent">
        <div className="p-4">
          <JsonBlock text={d.payload} testId="delivery-payload" />
        </div>
      </Panel>
    </div>
  );
}
