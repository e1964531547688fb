// What the intake stores as text must be storable identically on SQLite and PostgreSQL
// (docs/decisions/0012). PostgreSQL text refuses U+0000, and a lone UTF-16 surrogate has no UTF-8
// form (each driver replaces it its own way); PostgreSQL btree entries over about 2.7 KB fail.

/** Longest identifier (notification/event/delivery id, payload type, any id in a body) accepted. */
export const MAX_ID_LENGTH = 200;

/** Longest reason kept in the inbound log. */
export const MAX_REASON_LENGTH = 2000;

// no `u` flag: these match UTF-16 code units, so a surrogate without its partner is found
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is looked for
const NOT_STORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `s` holds U+0000 or a lone surrogate (a well-formed pair is fine). */
export function unstorable(s: string): boolean {
  return NOT_STORABLE.test(s);
}

/**
 * Free text made storable without losing information: U+0000 and lone surrogates are written as
 * the JSON escape `\uXXXX` (six characters). Everything else is unchanged, so the usual case costs
 * a regex test. Exact bytes stay available in the stored raw body.
 */
export function escapeUnstorable(s: string): string {
  if (!unstorable(s)) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
        continue;
      }
    }
    out += c === 0 || (c >= 0xd800 && c <= 0xdfff) ? `\\u${c.toString(16).padStart(4, "0")}` : s[i]!;
  }
  return out;
}

/** For log columns: storable, and at most `max` characters (with a marker when cut). */
export function clip(s: string, max: number): string;
export function clip(s: string | null, max: number): string | null;
export function clip(s: string | null, max: number): string | null {
  if (s === null) return null;
  const safe = escapeUnstorable(s);
  if (safe.length <= max) return safe;
  // cut between code points, never inside a surrogate pair
  let end = max - 1;
  const c = safe.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${safe.slice(0, end)}…`;
}
