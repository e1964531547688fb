// What a live message means for the browser's React Query cache: rows to update where they stand,
// new rows to announce, detail pages to refetch. Pure, so it is unit-tested without a browser.
import type { InfiniteData, QueryKey } from "@tanstack/react-query";
import { queryKeys } from "@/lib/query/keys";
import type { LiveMessage } from "./message";

/** List pages that show live banners and in-place updates. */
export type LiveFamily = "operations" | "deliveries" | "inbound" | "events" | "anomalies";
export const LIVE_FAMILIES: readonly LiveFamily[] = ["operations", "deliveries", "inbound", "events", "anomalies"];

export type RowPatch = { family: LiveFamily; id: string; fields: Record<string, unknown> };
/** A new row for a family's list; `unlessPatched`: only when the patch found no loaded row. */
export type NewRow = { family: LiveFamily; key: string; unlessPatched?: boolean };
export type Effects = { patch: RowPatch | null; fresh: NewRow[]; invalidate: QueryKey[] };

export function effectsOf(m: LiveMessage): Effects {
  const invalidate: QueryKey[] = [];
  switch (m.kind) {
    case "event": {
      const fresh: NewRow[] = [{ family: "inbound", key: m.id }];
      if (m.ref) fresh.push({ family: "events", key: m.ref }, { family: "deliveries", key: m.ref });
      if (m.operation_id) invalidate.push(queryKeys.operations.detail(m.operation_id));
      if (m.strategy_id) invalidate.push(queryKeys.strategies.detail(m.strategy_id));
      let patch: RowPatch | null = null;
      if (m.entity === "operation" && m.entity_id) {
        // an operation already on screen changes in place; one that is not is new to the reader
        fresh.push({ family: "operations", key: m.entity_id, unlessPatched: true });
        if (m.status) patch = { family: "operations", id: m.entity_id, fields: { status: m.status } };
      }
      return { patch, fresh, invalidate };
    }
    case "inbound":
      return { patch: null, fresh: m.entity_id ? [{ family: "inbound", key: m.entity_id }] : [], invalidate };
    case "delivery": {
      if (!m.entity_id) return { patch: null, fresh: [], invalidate };
      invalidate.push(queryKeys.deliveries.detail(m.entity_id));
      const fields: Record<string, unknown> = {};
      if (m.status) fields.status = m.status;
      const n = Number(m.ref);
      if (Number.isInteger(n) && n > 0) fields.attempts = n;
      return { patch: { family: "deliveries", id: m.entity_id, fields }, fresh: [], invalidate };
    }
    case "anomaly": {
      // ref: the anomaly id; status: raised | cleared | acknowledged
      if (m.operation_id) invalidate.push(queryKeys.operations.detail(m.operation_id));
      if (m.strategy_id) invalidate.push(queryKeys.strategies.detail(m.strategy_id));
      if (!m.ref) return { patch: null, fresh: [], invalidate };
      if (m.status === "raised") return { patch: null, fresh: [{ family: "anomalies", key: m.ref }], invalidate };
      if (m.status === "cleared") return { patch: { family: "anomalies", id: m.ref, fields: { state: m.status } }, fresh: [], invalidate };
      // acknowledged_at too: the list offers only unacknowledged rows for selection
      if (m.status === "acknowledged") return { patch: { family: "anomalies", id: m.ref, fields: { state: m.status, acknowledged_at: m.at } }, fresh: [], invalidate };
      return { patch: null, fresh: [], invalidate };
    }
  }
}

type Pages = InfiniteData<{ items: { id?: unknown }[] }>;

/**
 * Applies `fields` to the loaded row with this id, leaving every other row (and the order) as it
 * is. Returns the same object when nothing changed, so React Query notifies nobody.
 */
export function patchPages<D>(data: D, id: string, fields: Record<string, unknown>): { data: D; found: boolean } {
  const d = data as unknown as Pages | undefined;
  if (!d?.pages) return { data, found: false };
  let found = false;
  const pages = d.pages.map((p) => {
    if (!p?.items?.some((r) => r.id === id)) return p;
    found = true;
    return { ...p, items: p.items.map((r) => (r.id === id ? { ...r, ...fields } : r)) };
  });
  return { data: found ? ({ ...d, pages } as unknown as D) : data, found };
}
