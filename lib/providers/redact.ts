// Headers for the inbound request log, as an allow-list: a header is shown only when it is known
// to carry nothing secret. Whatever a proxy, a client library or an attacker adds (credentials,
// session cookies, tokens under any name) keeps its name, so the log still shows it was sent, but
// its value is replaced. Signatures are never kept: with the body and the timestamp (both stored)
// a signature is a replayable request while its window lasts, and any fragment of it says less
// than the verifier's reason (missing, malformed, outside the window, no key matched), which the
// log keeps. Names are lowercased (Headers does so).
export const REDACTED = "[redacted]";

/** Ordinary HTTP headers: transport, content and proxy facts, no credentials. */
const ORDINARY = new Set([
  "accept",
  "accept-charset",
  "accept-encoding",
  "accept-language",
  "cache-control",
  "connection",
  "content-encoding",
  "content-length",
  "content-type",
  "date",
  "expect",
  "forwarded",
  "host",
  "keep-alive",
  "pragma",
  "te",
  "traceparent",
  "tracestate",
  "transfer-encoding",
  "user-agent",
  "via",
  "x-amzn-trace-id",
  "x-correlation-id",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-port",
  "x-forwarded-proto",
  "x-real-ip",
  "x-request-id",
]);

/** Redacts every header but the ordinary ones and `own` (a provider's non-secret headers). */
export function allowListRedactor(own: readonly string[]): (headers: Headers) => Record<string, string> {
  const kept = new Set([...ORDINARY, ...own.map((h) => h.toLowerCase())]);
  return (headers) => {
    const out: Record<string, string> = {};
    headers.forEach((value, key) => {
      const name = key.toLowerCase();
      out[name] = kept.has(name) ? value : REDACTED;
    });
    return out;
  };
}
