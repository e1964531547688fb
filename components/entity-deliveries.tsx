"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DeliveriesTable } from "@/components/deliveries-table";
import { ErrorState, Panel, TableSkeleton } from "@/components/ui";
import { deliveriesListOptions } from "@/lib/query/options";
import type { DeliveryFilters } from "@/lib/schemas/relay";

/** The relay deliveries of one operation's or one strategy's events (latest 20, link to all). */
export function EntityDeliveriesPanel({ operationId, strategyId }: { operationId?: string; strategyId?: string }) {
  const filters: DeliveryFilters = operationId ? { operation_id: operationId } : { strategy_id: strategyId };
  const query = useInfiniteQuery(deliveriesListOptions(filters, "20"));
  const rows = query.data?.pages[0]?.items ?? [];
  const more = Boolean(query.data?.pages[0]?.next_cursor);
  const href = `/deliveries?${operationId ? `operation_id=${encodeURIComponent(operationId)}` : `strategy_id=${encodeURIComponent(strategyId ?? "")}`}`;
  return (
    <Panel
      title={`Deliveries${query.data ? ` (${rows.length}${more ? "+" : ""})` : ""}`}
      testId="entity-deliveries"
      actions={
        <Link href={href} className="text-sm font-medium text-indigo-700 hover:underline">
          Open in deliveries
        </Link>
      }
    >
      <div className="p-4">
        {query.isPending ? (
          <TableSkeleton rows={3} columns={6} />
        ) : query.isError ? (
          <ErrorState title="Could not load deliveries" error={query.error} onRetry={() => void query.refetch()} />
        ) : rows.length === 0 ? (
          <p className="text-sm text-slate-500">No delivery for these events yet.</p>
        ) : (
          <DeliveriesTable rows={rows} testId="entity-deliveries-table" />
        )}
      </div>
    </Panel>
  );
}
