"use client";

import { SetupGuide } from "@/components/setup-guide";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { InfiniteDataTable, useUrlFilters, type Column } from "@/components/data-table";
import { IgnoredFilters } from "@/components/filter-bar";
import Link from "next/link";
import { formatDateTime, orDash, shortId } from "@/components/format";
import { JsonBlock } from "@/components/json-block";
import { StatusBadge } from "@/components/status-badge";
import { PageHeader } from "@/components/ui";
import { inboundDetailOptions, inboundListOptions } from "@/lib/query/options";
import type { InboundRequest, InboundRequestDetail } from "@/lib/schemas/inbound";
import { INBOUND_OUTCOMES, inboundFilters } from "@/lib/schemas/console";

const OUTCOME_LABELS: Record<(typeof INBOUND_OUTCOMES)[number], string> = {
  accepted: "Accepted",
  duplicate: "Duplicate",
  rejected: "Rejected",
  error: "Error",
};

function inboundColumns(filterByProvider: (provider: string) => void): Column<InboundRequest>[] {
  return [
    {
      header: <span className="sr-only">Expand</span>,
      headerClassName: "w-8",
      cell: (_, { expanded, toggle }) => (
        <button
          type="button"
          aria-label={expanded ? "Collapse request" : "Expand request"}
          aria-expanded={expanded}
          onClick={toggle}
          className={`text-slate-500 transition-transform ${expanded ? "rotate-90" : ""}`}
        >
          ▸
        </button>
      ),
    },
    { header: "Received", className: "tabular-nums", cell: (r) => formatDateTime(r.received_at) },
    {
      header: "Provider",
      cell: (r) => (
        <button
          type="button"
          title="Filter by this provider"
          onClick={() => filterByProvider(r.provider)}
          className="font-mono text-xs text-indigo-700 hover:underline"
        >
          {r.provider}
        </button>
      ),
    },
    // long dotted types wrap at any character rather than push the reason off the page at 1440 px
    { header: "Payload type", className: "min-w-40 max-w-64 whitespace-normal font-mono text-xs [overflow-wrap:anywhere]", cell: (r) => orDash(r.payload_type) },
    {
      header: "Notification id",
      className: "font-mono text-xs",
      cellProps: (r) => ({ title: r.notification_id ?? undefined }),
      cell: (r) => (
        <>
          {r.notification_id ? shortId(r.notification_id) : "—"}
          {r.delivery_attempt !== null ? (
            <span className="ml-1.5 font-sans text-slate-500" title={r.delivery_id ? `delivery ${r.delivery_id}` : undefined}>
              · attempt {r.delivery_attempt}
            </span>
          ) : null}
        </>
      ),
    },
    {
      header: "Event",
      cell: (r) =>
        r.event_id ? (
          <Link
            href={`/events?q=${encodeURIComponent(r.event_id)}`}
            data-testid="inbound-event-link"
            title={`event ${r.event_id}`}
            className="font-mono text-xs font-medium text-indigo-700 hover:underline"
          >
            {shortId(r.event_id)}
          </Link>
        ) : (
          <span className="text-slate-400">—</span>
        ),
    },
    { header: "Outcome", cell: (r) => <StatusBadge status={r.outcome} testId="inbound-outcome" /> },
    { header: "HTTP", headerClassName: "text-right", className: "text-right font-mono tabular-nums", cell: (r) => r.http_status },
    {
      header: "Reason",
      className: "min-w-56 whitespace-normal break-words",
      cellProps: (r) => ({ "data-testid": "inbound-reason", title: r.reason ?? undefined }),
      cell: (r) => (r.reason ? <span className="line-clamp-2">{r.reason}</span> : <span className="text-slate-400">—</span>),
    },
  ];
}

export function InboundView() {
  const { filters, invalid, update, hasFilters } = useUrlFilters(inboundFilters);
  const query = useInfiniteQuery(inboundListOptions(filters));

  const segments: { value: string | null; label: string }[] = [
    { value: null, label: "All" },
    ...INBOUND_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] })),
  ];

  return (
    <div>
      <PageHeader title="Inbound log" description="Every webhook request received by the gateway, newest first.">
        {filters.notification_id !== undefined ? (
          <button
            type="button"
            onClick={() => update({ notification_id: null })}
            data-testid="notification-filter"
            className="rounded-md bg-slate-100 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-200"
          >
            Notification: <span className="font-mono">{shortId(filters.notification_id)}</span> ✕
          </button>
        ) : null}
        {filters.provider !== undefined ? (
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
        className="mb-4 inline-flex max-w-full overflow-x-auto rounded-md border border-slate-300 bg-white shadow-sm"
      >
        {segments.map((s) => {
          const active = (filters.outcome ?? null) === s.value;
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

      <IgnoredFilters invalid={invalid} />

      <InfiniteDataTable
        query={query}
        live="inbound"
        columns={inboundColumns((provider) => update({ provider }))}
        rowKey={(r) => r.id}
        rowTestId="inbound-row"
        rowProps={(r, { expanded }) => ({
          "data-outcome": r.outcome,
          "aria-expanded": expanded,
          className: `cursor-pointer ${expanded ? "bg-indigo-50/60" : "hover:bg-slate-50"}`,
        })}
        tableTestId="inbound-table"
        expandable={{
          render: (r) => <InboundDetail request={r} />,
          multiple: true,
          rowTestId: "inbound-detail",
          rowClassName: "bg-slate-50/80",
          cellClassName: "px-4 py-4",
        }}
        errorTitle="Could not load the inbound log"
        emptyTitle="No inbound requests"
        emptyDescription={
          hasFilters
            ? "No request matches this filter."
            : <SetupGuide lead="No webhook request has been received yet." />
        }
      />
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

/** List rows carry no headers or body: the expanded row fetches them. */
function InboundDetail({ request }: { request: InboundRequest }) {
  const detail = useQuery(inboundDetailOptions(request.id));
  if (detail.isPending) return <p className="text-sm text-slate-500">Loading headers and body…</p>;
  if (detail.isError) {
    return (
      <p role="alert" className="text-sm text-rose-700">
        Could not load this request: {detail.error.message}
      </p>
    );
  }
  return <InboundDetailBody request={detail.data} />;
}

function InboundDetailBody({ request: r }: { request: InboundRequestDetail }) {
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
        {r.body_truncated ? (
          <p data-testid="truncated-note" className="mb-2 break-all rounded-md bg-slate-100 px-3 py-2 text-xs text-slate-700 ring-1 ring-slate-200">
            Rejected request: only the first 8 KiB of its {r.body_length?.toLocaleString("en-US")} bytes is kept. SHA-256 of the whole body:{" "}
            <span className="font-mono">{r.body_sha256}</span>
          </p>
        ) : null}
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
