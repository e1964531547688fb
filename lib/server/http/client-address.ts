import type http from "node:http";

/**
 * The client's address for rate limits and the audit log: the socket's peer, or the first
 * X-Forwarded-For entry when HOOKSCOPE_TRUST_PROXY says a proxy of ours sets it.
 */
export function clientAddress(req: http.IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers["x-forwarded-for"] : undefined;
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return (first || req.socket.remoteAddress || "").replace(/^::ffff:/, "");
}
