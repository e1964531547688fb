"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { InfiniteList, useUrlFilters } from "@/components/data-table";
import { ClearFiltersButton, FilterBar, SelectField, TextField } from "@/components/filter-bar";
import { formatDateTime } from "@/components/format";
import { Badge } from "@/components/status-badge";
import { PageHeader, TableWrap, td, th } from "@/components/ui";
import { auditListOptions } from "@/lib/query/options";
import { auditFilters } from "@/lib/schemas/access";

const ACTIONS = [
  "auth.sign_in",
  "delivery.retry",
  "delivery.retry_bulk",
  "webhook.test",
  "destination.update",
  "destination.pause",
  "destination.resume",
  "signing_secret.reveal",
  "signing_secret.rotate",
  "api_key.create",
  "api_key.revoke",
  "user.create",
  "user.update",
  "user.bootstrap",
  "access.denied",
].map((a) => ({ value: a, label: a }));

const RESULTS = [
  { value: "success", label: "success" },
  { value: "failure", label: "failure" },
  { value: "denied", label: "denied" },
];

const TONE = { success: "success", failure: "danger", denied: "warning" } as const;

export function AuditView() {
  const { filters, raw, update, hasFilters, clear } = useUrlFilters(auditFilters);
  const query = useInfiniteQuery(auditListOptions(filters));
  return (
    <div>
      <PageHeader title="Audit log" description="Who did what, newest first: operator actions, settings and secrets, keys, users and failed sign-ins. Rows are never changed or deleted." />
      <FilterBar label="Filter the audit log" className="grid gap-3 sm:grid-cols-4">
        <SelectField id="f-action" label="Action" testId="filter-action" value={filters.action} anyLabel="Any action" options={ACTIONS} onChange={(v) => update({ action: v })} />
        <TextField id="f-actor" label="Who" testId="filter-actor" value={raw.actor} placeholder="email or key name starts with…" onChange={(v) => update({ actor: v || null })} />
        <SelectField id="f-result" label="Result" testId="filter-result" value={filters.result} anyLabel="Any result" options={RESULTS} onChange={(v) => update({ result: v })} />
        <ClearFiltersButton active={hasFilters} onClear={clear} />
      </FilterBar>
      <InfiniteList query={query} skeletonColumns={6} errorTitle="Could not load the audit log" emptyTitle="Nothing recorded" emptyDescription="No action matches these filters.">
        {(rows) => (
          <TableWrap>
            <table data-testid="audit-table" className="min-w-full divide-y divide-slate-200">
              <thead className="bg-slate-50">
                <tr>
                  <th className={th}>When</th>
                  <th className={th}>Who</th>
                  <th className={th}>Action</th>
                  <th className={th}>Target</th>
                  <th className={th}>Result</th>
                  <th className={th}>Details</th>
                  <th className={th}>Client</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((r) => (
                  <tr key={r.id} data-testid="audit-row" data-action={r.action}>
                    <td className={`${td} tabular-nums`}>{formatDateTime(r.at)}</td>
                    <td className={td}>
                      {r.actor}
                      {r.role ? <span className="ml-1.5 text-xs text-slate-500">{r.role}</span> : null}
                    </td>
                    <td className={`${td} font-mono text-xs`}>{r.action}</td>
                    <td className={`${td} max-w-64 truncate font-mono text-xs`} title={r.target ?? undefined}>{r.target ?? "—"}</td>
                    <td className={td}>
                      <Badge tone={TONE[r.result]}>{r.result}</Badge>
                    </td>
                    <td className={`${td} max-w-md whitespace-normal break-words font-mono text-xs text-slate-600`}>{r.detail ? JSON.stringify(r.detail) : "—"}</td>
                    <td className={`${td} font-mono text-xs`}>{r.ip ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </InfiniteList>
    </div>
  );
}
