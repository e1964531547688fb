// Host and Origin checks for everything but the webhook intake. A Host outside the allowed list is
// how DNS rebinding reaches a console on localhost; an Origin outside it is a cross-site request
// riding on a staff member's cookie.
import type { Env } from "@/lib/env";

const ALWAYS = ["localhost", "127.0.0.1", "[::1]"];

/** The hostname part of a Host header or URL host (`[::1]:3000` → `[::1]`), lower-cased; null when malformed. */
export function hostnameOf(host: string | null | undefined): string | null {
  if (!host) return null;
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    return end > 0 && (h.length === end + 1 || /^:\d{1,5}$/.test(h.slice(end + 1))) ? h.slice(0, end + 1) : null;
  }
  const m = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(h);
  return m ? m[1]!.replace(/\.$/, "") : null;
}

export function allowedHostnames(env: Env): Set<string> {
  const out = new Set(ALWAYS);
  if (env.HOOKSCOPE_PUBLIC_URL) {
    const h = hostnameOf(new URL(env.HOOKSCOPE_PUBLIC_URL).host);
    if (h) out.add(h);
  }
  for (const h of env.HOOKSCOPE_ALLOWED_HOSTS) {
    const n = hostnameOf(h);
    if (n) out.add(n);
  }
  return out;
}

/** The Host a request was sent to: the Host header, or the URL's host for requests built in process. */
export function requestHost(req: Request): string {
  return req.headers.get("host") ?? new URL(req.url).host;
}

export function isAllowedHost(host: string | null | undefined, env: Env): boolean {
  const h = hostnameOf(host);
  return h !== null && allowedHostnames(env).has(h);
}

/**
 * A cookie-authenticated mutation must come from a page of this console: an Origin header whose
 * host is the request's own Host (and allowed). Browsers send Origin on every cross-origin request
 * and on every same-origin non-GET fetch, so a missing Origin is refused too.
 */
export function isSameOriginRequest(req: Request, env: Env): boolean {
  const origin = req.headers.get("origin");
  if (!origin || origin === "null") return false;
  let host: string;
  try {
    const u = new URL(origin);
    if (u.protocol !== "http:" && u.protocol !== "https:") return false;
    host = u.host;
  } catch {
    return false;
  }
  return host.toLowerCase() === requestHost(req).toLowerCase() && isAllowedHost(host, env);
}

/** For better-auth's own Origin check: this request's origin, under both schemes (a TLS proxy may sit in front). */
export function allowedOriginsFor(req: Request, env: Env): string[] {
  const host = requestHost(req);
  const out = env.HOOKSCOPE_PUBLIC_URL ? [env.HOOKSCOPE_PUBLIC_URL] : [];
  if (isAllowedHost(host, env)) out.push(`http://${host}`, `https://${host}`);
  return out;
}
