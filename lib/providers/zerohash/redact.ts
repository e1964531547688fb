/**
 * Header redaction for the inbound request log: every header name lowercased,
 * and the value of any header whose name contains "signature" replaced.
 */
export const REDACTED = "[redacted]";

export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    const name = key.toLowerCase();
    out[name] = name.includes("signature") ? REDACTED : value;
  });
  return out;
}
