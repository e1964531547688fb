"use client";

import { useQuery } from "@tanstack/react-query";
import { formatDateTime } from "@/components/format";
import { ErrorState, Panel, TableSkeleton } from "@/components/ui";
import { fetchJson } from "@/lib/query/fetch";
import { queryKeys } from "@/lib/query/keys";
import type { Retention } from "@/lib/schemas/settings";

const days = (n: number) => (n === 0 ? "kept forever" : `${n} day${n === 1 ? "" : "s"}`);
const when = (iso: string | null, none: string) => (iso ? formatDateTime(iso) : none);

/** Retention windows (env, read-only here), the oldest rows kept and the prune schedule. */
export function RetentionPanel() {
  const q = useQuery({
    queryKey: [...queryKeys.settings.all(), "retention"],
    queryFn: ({ signal }) => fetchJson<Retention>("/api/console/settings/retention", { signal }),
    refetchInterval: 60_000,
  });
  return (
    <Panel title="Data retention" testId="retention">
      {q.isPending ? (
        <TableSkeleton rows={3} columns={2} />
      ) : q.isError ? (
        <ErrorState title="Could not load retention" error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <div className="p-4 text-sm">
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
            <dt className="text-slate-500">Rejected requests</dt>
            <dd data-testid="retention-rejected">{days(q.data.windows_days.rejected_inbound)}</dd>
            <dt className="text-slate-500">Accepted requests (inbound log)</dt>
            <dd>{days(q.data.windows_days.accepted_inbound)}</dd>
            <dt className="text-slate-500">Attempts of delivered deliveries</dt>
            <dd>{days(q.data.windows_days.delivered_attempts)}</dd>
            <dt className="text-slate-500">Oldest inbound request kept</dt>
            <dd className="tabular-nums" data-testid="retention-oldest-inbound">{when(q.data.oldest_inbound_at, "none stored")}</dd>
            <dt className="text-slate-500">Oldest attempt kept</dt>
            <dd className="tabular-nums">{when(q.data.oldest_attempt_at, "none stored")}</dd>
            <dt className="text-slate-500">Next prune</dt>
            <dd className="tabular-nums" data-testid="retention-next">
              {q.data.pruner_here ? when(q.data.next_prune_at, "running now") : "in the worker process (npm run worker)"}
              {q.data.last_prune_at ? (
                <span className="ml-2 text-slate-500">
                  · last {formatDateTime(q.data.last_prune_at)}
                  {q.data.last_pruned
                    ? `: ${q.data.last_pruned.inbound_rejected + q.data.last_pruned.inbound_accepted} requests, ${q.data.last_pruned.delivery_attempts} attempts`
                    : ""}
                </span>
              ) : null}
            </dd>
          </dl>
          {q.data.last_error ? <p role="alert" className="mt-3 text-rose-700">Last prune failed: {q.data.last_error}</p> : null}
          <p className="mt-3 text-xs text-slate-500">
            Events, deliveries and everything built from events are never pruned. Windows are set in the environment
            (HOOKSCOPE_RETENTION_*_DAYS); pruning runs every {q.data.interval_minutes} min, 500 rows at a time.
          </p>
        </div>
      )}
    </Panel>
  );
}
