// The console's URL filters: each list's ONE zod schema (lib/schemas) read leniently from the URL,
// and written back as the query string its route parses with the same schema.
import type { z } from "zod";

export type ParamReader = { get(name: string): string | null };

/** What a page makes of its URL: the filters that parse, and a message for each one that does not. */
export type UrlFilters<S extends z.ZodObject> = { filters: z.output<S>; invalid: Partial<Record<keyof S["shape"] & string, string>> };

/**
 * Reads each of the schema's fields from the URL with the field's own schema. A blank parameter is
 * no filter; one that does not parse is left out and reported (the page says so, rather than
 * answering a different question silently). A comma-separated list keeps the values it knows.
 */
export function readFilters<S extends z.ZodObject>(schema: S, params: ParamReader): UrlFilters<S> {
  const filters: Record<string, unknown> = {};
  const invalid: Record<string, string> = {};
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const raw = params.get(key);
    if (raw === null || raw.trim() === "") continue;
    let r = field.safeParse(raw);
    if (!r.success && raw.includes(",")) {
      const known = raw.split(",").filter((p) => field.safeParse(p).success);
      if (known.length > 0) r = field.safeParse(known.join(","));
    }
    if (r.success) {
      if (r.data !== undefined) filters[key] = r.data;
    } else invalid[key] = r.error.issues[0]?.message ?? `${key} is not valid`;
  }
  return { filters: filters as z.output<S>, invalid: invalid as UrlFilters<S>["invalid"] };
}

/** Parsed filters back to query-string values: dates as ISO (UTC), lists comma-separated. */
export function toSearch(filters: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(filters)) {
    if (v === undefined || v === null) continue;
    out[k] = v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(",") : String(v);
  }
  return out;
}

/** A date (UTC) → value for an <input type="datetime-local"> interpreted as UTC. */
export function isoToLocalInput(d: Date | undefined): string {
  return d === undefined ? "" : d.toISOString().slice(0, 16);
}

/** <input type="datetime-local"> value (interpreted as UTC) → ISO, or null when empty/invalid. */
export function localInputToIso(value: string): string | null {
  if (value === "") return null;
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  const t = Date.parse(`${withSeconds}Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
