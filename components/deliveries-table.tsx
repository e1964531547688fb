"use client";

import Link from "next/link";
import { formatDateTime, shortId } from "@/components/format";
import { Badge, StatusBadge } from "@/components/status-badge";
import { TableWrap, td, th } from "@/components/ui";
import type { DeliverySummary } from "@/lib/query/types";

export function HttpStatus({ status }: { status: number | null }) {
  if (status === null) return <span className="text-slate-400">—</span>;
  const tone = status >= 200 && status < 300 ? "success" : status >= 500 ? "danger" : "warning";
  return (
    <Badge tone={tone} testId="http-status">
      {status}
    </Badge>
  );
}

/** The delivery log table, shared by the deliveries page and the entity pages' panels. */
export function DeliveriesTable({ rows, testId = "deliveries-table" }: { rows: DeliverySummary[]; testId?: string }) {
  return (
    <TableWrap>
      <table data-testid={testId} className="min-w-full divide-y divide-slate-200">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={th}>Delivery</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Event type</th>
            <th scope="col" className={th}>Attempts</th>
            <th scope="col" className={th}>HTTP</th>
            <th scope="col" className={th}>Last error</th>
            <th scope="col" className={th}>Created</th>
            <th scope="col" className={th}>Next attempt</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((d) => (
            <tr key={d.id} data-testid="delivery-row" data-status={d.status} className="hover:bg-slate-50">
              <td className={`${td} font-mono text-xs`}>
                <Link href={`/deliveries/${d.id}`} title={d.id} className="font-medium text-indigo-700 hover:underline">
                  {shortId(d.id)}
                </Link>
                {d.is_test ? (
                  <span className="ml-2">
                    <Badge tone="info">test</Badge>
                  </span>
                ) : null}
              </td>
              <td className={td}>
                <StatusBadge status={d.status} testId="delivery-status" />
              </td>
              <td className={`${td} font-mono text-xs`}>{d.event_type}</td>
              <td className={`${td} tabular-nums`}>{d.attempts}</td>
              <td className={td}>
                <HttpStatus status={d.response_status} />
              </td>
              <td className={`${td} max-w-xs truncate`} title={d.failed_reason ?? d.last_error ?? undefined}>
                {d.last_error ?? <span className="text-slate-400">—</span>}
              </td>
              <td className={`${td} tabular-nums`}>{formatDateTime(d.created_at)}</td>
              <td className={`${td} tabular-nums`}>{d.next_attempt_at ? formatDateTime(d.next_attempt_at) : <span className="text-slate-400">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
