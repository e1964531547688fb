/**
 * Header redaction for the inbound request log: every header name lowercased,
 * and the value of any header whose name contains "signature", or that carries credentials, replaced.
 */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key"]);
export const REDACTED = "[redacted]";

export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    const name = key.toLowerCase();
    out[name] = name.includes("signature") || CREDENTIAL_HEADERS.has(name) ? REDACTED : value;
  });
  return out;
}
