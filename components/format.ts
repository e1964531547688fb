const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** `YYYY-MM-DD HH:mm:ss UTC`; unparseable input is returned verbatim, empty/null as an em dash. */
export function formatDateTime(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`
  );
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * A short form of an id for tables (the full id belongs in a title attribute). Usually the first 8
 * characters; for Hookscope's own UUIDv7 ids (events, deliveries, inbound requests) the last 8,
 * because their first characters are a timestamp shared by every row made in the same minute.
 */
export function shortId(id: string, length = 8): string {
  if (id.length <= length) return id;
  return UUID_V7.test(id) ? `…${id.slice(-length)}` : `${id.slice(0, length)}…`;
}

/** Pretty-prints JSON text; returns null when the text is not JSON. */
export function prettyJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

/** Display a possibly-empty string value. */
export function orDash(value: string | null | undefined): string {
  return value === null || value === undefined || value === "" ? "—" : value;
}
