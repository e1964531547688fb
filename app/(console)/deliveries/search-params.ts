import type { DeliveryFilters } from "@/lib/query/filters";
import { DELIVERY_KINDS, DELIVERY_STATUSES, HTTP_CLASSES } from "@/lib/schemas/relay";

type ParamReader = { get(name: string): string | null };

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function text(value: string | null): string | null {
  const v = value?.trim() ?? "";
  return v === "" ? null : v;
}

function isoDate(value: string | null): string | null {
  const v = text(value);
  if (v === null) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function parseDeliverySearchParams(params: ParamReader): DeliveryFilters {
  return {
    status: oneOf(params.get("status"), DELIVERY_STATUSES),
    event_type: text(params.get("event_type")),
    from: isoDate(params.get("from")),
    to: isoDate(params.get("to")),
    http_status: oneOf(params.get("http_status"), HTTP_CLASSES),
    kind: oneOf(params.get("kind"), DELIVERY_KINDS),
    operation_id: text(params.get("operation_id")),
    strategy_id: text(params.get("strategy_id")),
  };
}
