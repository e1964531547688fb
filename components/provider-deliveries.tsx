import Link from "next/link";
import { formatDateTime } from "./format";
import { Badge, StatusBadge } from "./status-badge";
import type { Delivery, NextRetry } from "@/lib/lifecycle/retry";

/**
 * The provider's own attempts at sending one event to Hookscope (attempt, delivery id, receipt,
 * outcome) — not the relay's deliveries onward, which the Deliveries page lists. With the event's
 * provider and notification id, a link opens those requests in the inbound log.
 */
export function DeliveryList({ deliveries, inbound }: { deliveries: Delivery[]; inbound?: { provider: string; notificationId: string } }) {
  if (deliveries.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <div>
      <ul data-testid="deliveries" aria-label="Provider attempts" className="space-y-1">
        {deliveries.map((d, i) => (
          <li key={`${d.received_at}-${i}`} data-testid="delivery" className="flex flex-wrap items-center gap-2 text-xs">
            {d.attempt !== null ? <Badge tone="neutral">attempt {d.attempt}</Badge> : null}
            <StatusBadge status={d.outcome} />
            <span className="tabular-nums text-slate-600">{formatDateTime(d.received_at)}</span>
            {d.delivery_id ? <span className="font-mono text-slate-500">{d.delivery_id}</span> : null}
          </li>
        ))}
      </ul>
      {inbound ? (
        <Link
          href={`/inbound?provider=${encodeURIComponent(inbound.provider)}&notification_id=${encodeURIComponent(inbound.notificationId)}`}
          data-testid="event-inbound-link"
          className="mt-1 inline-block text-xs font-medium text-indigo-700 hover:underline"
        >
          Open these requests in the inbound log →
        </Link>
      ) : null}
    </div>
  );
}

/** When PipAI would send the next attempt had the last answer failed (its documented schedule), as a sentence. */
export function NextRetryText({ next }: { next: NextRetry | null }) {
  if (next === null) return null;
  if (next.kind === "scheduled")
    return (
      <p data-testid="next-retry" className="text-xs text-slate-600" title="PipAI's documented retry schedule">
        Had the last attempt failed, PipAI would send attempt {next.attempt} at <span className="tabular-nums">{formatDateTime(next.at)}</span>.
      </p>
    );
  return (
    <p data-testid="next-retry" className="text-xs text-slate-500">
      {next.kind === "exhausted" ? `Had the last attempt failed, PipAI would not retry: ${next.reason}.` : `Next PipAI retry unknown: ${next.reason}.`}
    </p>
  );
}

/** The relay's delivery of the event onward to the callback URL, when one was enqueued. */
export function RelayDeliveryLink({ delivery }: { delivery: { id: string; status: string } | null }) {
  if (delivery === null) return <p className="text-xs text-slate-500">Not relayed (no delivery was enqueued for this event).</p>;
  return (
    <p className="flex items-center gap-2 text-xs">
      <span className="text-slate-500">Relay delivery</span>
      <StatusBadge status={delivery.status} />
      <Link href={`/deliveries/${encodeURIComponent(delivery.id)}`} data-testid="event-delivery-link" className="font-medium text-indigo-700 hover:underline">
        Open delivery →
      </Link>
    </p>
  );
}
