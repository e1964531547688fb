"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { Fragment, useMemo, useState } from "react";
import { formatDateTime, orDash } from "@/components/format";
import { JsonBlock } from "@/components/json-block";
import { StatusBadge } from "@/components/status-badge";
import { EmptyState, ErrorState, LoadMore, PageHeader, TableSkeleton, TableWrap, td, th } from "@/components/ui";
import { useSearchParamUpdater } from "@/components/use-search-param-updater";
import { inboundListOptions } from "@/lib/query/options";
import type { InboundRequest } from "@/lib/query/types";
import { INBOUND_OUTCOMES, parseInboundSearchParams } from "./search-params";

const OUTCOME_LABELS: Record<(typeof INBOUND_OUTCOMES)[number], string> = {
  accepted: "Accepted",
  duplicate: "Duplicate",
  rejected: "Rejected",
  error: "Error",
};

const COLUMNS = 8;

export function InboundView() {
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseInboundSearchParams(searchParams), [searchParams]);
  const update = useSearchParamUpdater();
  const query = useInfiniteQuery(inboundListOptions(filters));
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());

  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const segments: { value: string | null; label: string }[] = [
    { value: null, label: "All" },
    ...INBOUND_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] })),
  ];

  return (
    <div>
      <PageHeader title="Inbound log" description="Every webhook request received by the gateway, newest first.">
        {filters.provider !== null ? (
          <button
            type="button"
            onClick={() => update({ provider: null })}
            className="rounded-md bg-slate-100 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-200"
          >
            Provider: <span className="font-mono">{filters.provider}</span> ✕
          </button>
        ) : null}
      </PageHeader>

      <div
        role="group"
        aria-label="Filter by outcome"
        data-testid="outcome-filter"
        className="mb-4 inline-flex overflow-hidden rounded-md border border-slate-300 bg-white shadow-sm"
      >
        {segments.map((s) => {
          const active = filters.outcome === s.value;
          return (
            <button
              key={s.label}
              type="button"
              aria-pressed={active}
              data-testid={`outcome-${s.value ?? "all"}`}
              onClick={() => update({ outcome: s.value })}
              className={`border-r border-slate-300 px-3.5 py-1.5 text-sm font-medium last:border-r-0 ${
                active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-50"
              }`}
            >
              {s.label}
            </button>
          );
        })}
      </div>

      {query.isPending ? (
        <TableSkeleton columns={COLUMNS} />
      ) : query.isError && rows.length === 0 ? (
        <ErrorState title="Could not load the inbound log" error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No inbound requests">
          {filters.outcome !== null || filters.provider !== null
            ? "No request matches this filter."
            : "No webhook request has been received yet."}
        </EmptyState>
      ) : (
        <>
          <TableWrap>
            <table data-testid="inbound-table" className="min-w-full divide-y divide-slate-200">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={`${th} w-8`}>
                    <span className="sr-only">Expand</span>
                  </th>
                  <th scope="col" className={th}>Received</th>
                  <th scope="col" className={th}>Provider</th>
                  <th scope="col" className={th}>Payload type</th>
                  <th scope="col" className={th}>Notification id</th>
                  <th scope="col" className={th}>Outcome</th>
                  <th scope="col" className={`${th} text-right`}>HTTP</th>
                  <th scope="col" className={th}>Reason</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((r) => {
                  const open = expanded.has(r.id);
                  return (
                    <Fragment key={r.id}>
                      <tr
                        data-testid="inbound-row"
                        data-outcome={r.outcome}
                        aria-expanded={open}
                        onClick={() => toggle(r.id)}
                        className={`cursor-pointer ${open ? "bg-indigo-50/60" : "hover:bg-slate-50"}`}
                      >
                        <td className={td}>
                          <button
                            type="button"
                            aria-label={open ? "Collapse request" : "Expand request"}
                            aria-expanded={open}
                            onClick={(e) => {
                              e.stopPropagation();
                              toggle(r.id);
                            }}
                            className={`text-slate-500 transition-transform ${open ? "rotate-90" : ""}`}
                          >
                            ▸
                          </button>
                        </td>
                        <td className={`${td} tabular-nums`}>{formatDateTime(r.received_at)}</td>
                        <td className={td}>
                          <button
                            type="button"
                            title="Filter by this provider"
                            onClick={(e) => {
                              e.stopPropagation();
                              update({ provider: r.provider });
                            }}
                            className="font-mono text-xs text-indigo-700 hover:underline"
                          >
                            {r.provider}
                          </button>
                        </td>
                        <td className={`${td} font-mono text-xs`}>{orDash(r.payload_type)}</td>
                        <td className={`${td} max-w-56 truncate font-mono text-xs`} title={r.notification_id}>
                          {orDash(r.notification_id)}
                          {r.delivery_attempt !== null ? (
                            <span className="ml-1.5 font-sans text-slate-500" title={r.delivery_id ? `delivery ${r.delivery_id}` : undefined}>
                              · attempt {r.delivery_attempt}
                            </span>
                          ) : null}
                        </td>
                        <td className={td}>
                          <StatusBadge status={r.outcome} testId="inbound-outcome" />
                        </td>
                        <td className={`${td} text-right font-mono tabular-nums`}>{r.http_status}</td>
                        <td
                          data-testid="inbound-reason"
                          className={`${td} max-w-md truncate`}
                          title={r.reason ?? undefined}
                        >
                          {r.reason ?? <span className="text-slate-400">—</span>}
                        </td>
                      </tr>
                      {open ? (
                        <tr data-testid="inbound-detail" className="bg-slate-50/80">
                          <td colSpan={COLUMNS} className="px-4 py-4">
                            <InboundDetail request={r} />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
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

/** Decodes base64 as strict UTF-8; null when it is not text. */
function decodeBase64Text(b64: string): string | null {
  try {
    const bin = atob(b64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function InboundDetail({ request: r }: { request: InboundRequest }) {
  const headers = Object.entries(r.headers).sort(([a], [b]) => a.localeCompare(b));
  const decoded = r.body_encoding === "base64" ? decodeBase64Text(r.raw_body) : null;

  return (
    <div className="grid gap-4 whitespace-normal lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
      <div className="min-w-0">
        <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
          Headers ({headers.length})
        </h3>
        {r.reason ? (
          <p className="mb-2 break-words text-sm text-slate-700">
            <span className="text-slate-500">Reason: </span>
            {r.reason}
          </p>
        ) : null}
        {headers.length === 0 ? (
          <p className="text-sm text-slate-500">No headers stored.</p>
        ) : (
          <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
            <table data-testid="inbound-headers" className="min-w-full text-xs">
              <tbody className="divide-y divide-slate-100">
                {headers.map(([name, value]) => (
                  <tr key={name}>
                    <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left align-top font-mono font-medium text-slate-600">
                      {name}
                    </th>
                    <td className="break-all px-3 py-1.5 font-mono text-slate-800">{value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="mt-2 font-mono text-xs text-slate-400">id {r.id}</p>
      </div>
      <div className="min-w-0">
        <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Raw body</h3>
        {r.body_encoding === "base64" ? (
          <>
            <p data-testid="base64-note" className="mb-2 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-800 ring-1 ring-amber-200">
              The body was not valid UTF-8 and is stored base64-encoded.
              {decoded !== null ? " A best-effort text decoding is shown below the encoded bytes." : ""}
            </p>
            <pre data-testid="inbound-body" className="max-h-64 overflow-auto break-all whitespace-pre-wrap rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
              {r.raw_body === "" ? "(empty body)" : r.raw_body}
            </pre>
            {decoded !== null ? (
              <div className="mt-2">
                <JsonBlock text={decoded} />
              </div>
            ) : null}
          </>
        ) : (
          <JsonBlock text={r.raw_body} testId="inbound-body" />
        )}
      </div>
    </div>
  );
}
