import type { OperationFilters } from "@/lib/query/filters";

export const OPERATION_STATUSES = ["validating", "pricing", "settling", "settled", "skipped", "failed"] as const;
export const OPERATION_TYPES = ["enrollment", "top_up", "partial_sell", "rebalance", "liquidation"] as const;

type ParamReader = { get(name: string): string | null };

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function text(value: string | null): string | null {
  const v = value?.trim() ?? "";
  return v === "" ? null : v;
}

/** ISO datetime (normalised to UTC `toISOString`) or null when absent/invalid. */
function isoDate(value: string | null): string | null {
  const v = text(value);
  if (v === null) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function parseOperationSearchParams(params: ParamReader): OperationFilters {
  return {
    status: oneOf(params.get("status"), OPERATION_STATUSES),
    type: oneOf(params.get("type"), OPERATION_TYPES),
    strategy_id: text(params.get("strategy_id")),
    from: isoDate(params.get("from")),
    to: isoDate(params.get("to")),
  };
}

/** ISO (UTC) → value for an <input type="datetime-local"> interpreted as UTC. */
export function isoToLocalInput(iso: string | null): string {
  return iso === null ? "" : iso.slice(0, 16);
}

/** <input type="datetime-local"> value (interpreted as UTC) → ISO, or null when empty/invalid. */
export function localInputToIso(value: string): string | null {
  if (value === "") return null;
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  const t = Date.parse(`${withSeconds}Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
