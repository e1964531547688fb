import { timingSafeEqual, createHash } from "node:crypto";
import type { Env } from "@/lib/env";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Constant-time check of `Authorization: Bearer <key>` against the configured keys. */
export function hasValidApiKey(req: Request, env: Env): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!m) return false;
  const given = digest(m[1]!.trim());
  let ok = false;
  for (const key of env.HOOKSCOPE_API_KEYS) ok = timingSafeEqual(given, digest(key)) || ok;
  return ok;
}

/**
 * Console reads: an API key, or the console's own same-origin browser fetches. Until the
 * access-control issue adds sessions, the console pages are open to whoever reaches the port
 * (docs/decisions/0003-console-access.md), so refusing their own fetches would protect nothing.
 * With no key configured the console API is open, as the pages are.
 */
export function consoleAccess(req: Request, env: Env): boolean {
  if (env.HOOKSCOPE_API_KEYS.length === 0) return true;
  if (hasValidApiKey(req, env)) return true;
  return req.headers.get("sec-fetch-site") === "same-origin";
}
