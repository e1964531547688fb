"use client";

import Link from "next/link";
import { progressText } from "@/components/delivery-progress";
import { useRowNavigation } from "@/components/data-table";
import { checkboxClass, type Selection as RowSelection } from "@/components/row-selection";
import { SubjectLink, useNow } from "@/components/delivery-subject";
import { formatDateTime, shortId } from "@/components/format";
import { Badge, StatusBadge } from "@/components/status-badge";
import { TableWrap, td, th } from "@/components/ui";
import type { DeliverySummary } from "@/lib/schemas/deliveries";

export function HttpStatus({ status }: { status: number | null }) {
  if (status === null) return <span className="text-slate-400">—</span>;
  const tone = status >= 200 && status < 300 ? "success" : status >= 500 ? "danger" : "warning";
  return (
    <Badge tone={tone} testId="http-status">
      {status}
    </Badge>
  );
}

/** Row selection for the bulk retry; test deliveries are one-shot and cannot be selected. */
type Selection = Pick<RowSelection, "selected" | "toggle" | "toggleAll">;

const selectable = (d: DeliverySummary) => !d.is_test;
const checkbox = checkboxClass;

/** The delivery log table, shared by the deliveries page and the entity pages' panels. */
export function DeliveriesTable({ rows, testId = "deliveries-table", selection }: { rows: DeliverySummary[]; testId?: string; selection?: Selection }) {
  const now = useNow();
  const navigate = useRowNavigation();
  const selectableIds = rows.filter(selectable).map((d) => d.id);
  const allSelected = selection !== undefined && selectableIds.length > 0 && selectableIds.every((id) => selection.selected.has(id));
  const someSelected = selection !== undefined && selectableIds.some((id) => selection.selected.has(id));
  return (
    <TableWrap>
      <table data-testid={testId} className="min-w-full divide-y divide-slate-200">
        <thead className="bg-slate-50">
          <tr>
            {selection ? (
              <th scope="col" className={`${th} w-8`}>
                <input
                  type="checkbox"
                  data-testid="select-all-rows"
                  aria-label={allSelected ? "Clear the selection" : "Select every delivery shown"}
                  className={checkbox}
                  checked={allSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = someSelected && !allSelected;
                  }}
                  disabled={selectableIds.length === 0}
                  onChange={() => selection.toggleAll(selectableIds)}
                />
              </th>
            ) : null}
            <th scope="col" className={th}>Delivery</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Progress</th>
            <th scope="col" className={th}>Event type</th>
            <th scope="col" className={th}>Belongs to</th>
            <th scope="col" className={th}>HTTP</th>
            <th scope="col" className={th}>Last error</th>
            <th scope="col" className={th}>Created</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((d) => {
            const checked = selection?.selected.has(d.id) ?? false;
            return (
              <tr
                key={d.id}
                data-testid="delivery-row"
                data-status={d.console_status}
                data-id={d.id}
                onClick={(e) => navigate(`/deliveries/${encodeURIComponent(d.id)}`, e)}
                className={`cursor-pointer ${checked ? "bg-indigo-50/60" : "hover:bg-slate-50"}`}
              >
                {selection ? (
                  <td className={`${td} w-8`}>
                    {selectable(d) ? (
                      <input
                        type="checkbox"
                        data-testid="select-row"
                        aria-label={`Select delivery ${shortId(d.id)}`}
                        className={checkbox}
                        checked={checked}
                        onChange={() => selection.toggle(d.id)}
                      />
                    ) : null}
                  </td>
                ) : null}
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
                  <StatusBadge status={d.console_status} testId="delivery-status" />
                </td>
                <td className={`${td} tabular-nums text-xs text-slate-600`} title={d.next_attempt_at ? `next attempt ${formatDateTime(d.next_attempt_at)}` : undefined}>
                  <span data-testid="delivery-progress" suppressHydrationWarning>
                    {progressText(d, now)}
                  </span>
                </td>
                <td className={`${td} font-mono text-xs`}>{d.event_type}</td>
                <td className={td}>
                  <SubjectLink d={d} />
                </td>
                <td className={td}>
                  <HttpStatus status={d.response_status} />
                </td>
                <td className={`${td} max-w-xs truncate`} title={d.failed_reason ?? d.last_error ?? undefined}>
                  {d.last_error ?? <span className="text-slate-400">—</span>}
                </td>
                <td className={`${td} tabular-nums`}>{formatDateTime(d.created_at)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}
