import { formatDateTime } from "./format";
import { Badge, StatusBadge } from "./status-badge";
import type { Delivery, NextRetry } from "@/lib/query/types";

/** The provider's deliveries of one event (attempt, delivery id, receipt, outcome). */
export function DeliveryList({ deliveries }: { deliveries: Delivery[] }) {
  if (deliveries.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <ul data-testid="deliveries" className="space-y-1">
      {deliveries.map((d, i) => (
        <li key={`${d.received_at}-${i}`} data-testid="delivery" className="flex flex-wrap items-center gap-2 text-xs">
          {d.attempt !== null ? <Badge tone="neutral">attempt {d.attempt}</Badge> : null}
          <StatusBadge status={d.outcome} />
          <span className="tabular-nums text-slate-600">{formatDateTime(d.received_at)}</span>
          {d.delivery_id ? <span className="font-mono text-slate-500">{d.delivery_id}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** When PipAI would send the next attempt had the last answer failed (documented schedule). */
export function NextRetryText({ next }: { next: NextRetry | null }) {
  if (next === null) return <span className="text-slate-400">—</span>;
  if (next.kind === "scheduled")
    return (
      <span data-testid="next-retry" className="text-xs text-slate-600" title="If the last answer had failed, PipAI would retry at this time">
        attempt {next.attempt} at <span className="tabular-nums">{formatDateTime(next.at)}</span>
      </span>
    );
  return (
    <span data-testid="next-retry" className="text-xs text-slate-500">
      {next.kind === "exhausted" ? "no further retry: " : ""}
      {next.reason}
    </span>
  );
}
