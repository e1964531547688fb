// Shared readers for the console's URL filters (app/(console)/*/search-params.ts).

export type ParamReader = { get(name: string): string | null };

/** The value when it is one of `allowed`, else null. */
export function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Trimmed text, null when absent or blank. */
export function text(value: string | null): string | null {
  const v = value?.trim() ?? "";
  return v === "" ? null : v;
}

/** ISO datetime (normalised to UTC `toISOString`) or null when absent/invalid. */
export function isoDate(value: string | null): string | null {
  const v = text(value);
  if (v === null) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
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
