import { timingSafeEqual, createHash } from "node:crypto";
import { getDb } from "@/lib/db";
import type { Env } from "@/lib/env";
import { hasActiveStoredKeys, isStoredKeyValid } from "@/lib/server/relay/api-keys";

const digest = (s: string) => createHash("sha256").update(s).digest();

function bearer(req: Request): string | null {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "");
  return m ? m[1]!.trim() : null;
}

/** Constant-time check of `Authorization: Bearer <key>` against the keys in HOOKSCOPE_API_KEYS. */
export function hasValidEnvApiKey(req: Request, env: Env): boolean {
  const key = bearer(req);
  if (!key) return false;
  const given = digest(key);
  let ok = false;
  for (const k of env.HOOKSCOPE_API_KEYS) ok = timingSafeEqual(given, digest(k)) || ok;
  return ok;
}

/** A Bearer key from HOOKSCOPE_API_KEYS or an unrevoked key created with the console or CLI. */
export async function hasValidApiKey(req: Request, env: Env): Promise<boolean> {
  if (hasValidEnvApiKey(req, env)) return true;
  const key = bearer(req);
  return key ? isStoredKeyValid(await getDb(), key) : false;
}

/**
 * Console reads and actions: an API key, or the console's own same-origin browser fetches. Until
 * the access-control issue adds sessions, the console pages are open to whoever reaches the port
 * (docs/decisions/0003-console-access.md), so refusing their own fetches would protect nothing.
 * With no key configured at all (environment or stored) the console API is open, as the pages are.
 */
export async function consoleAccess(req: Request, env: Env): Promise<boolean> {
  if (req.headers.get("sec-fetch-site") === "same-origin") return true;
  if (await hasValidApiKey(req, env)) return true;
  return env.HOOKSCOPE_API_KEYS.length === 0 && !(await hasActiveStoredKeys(await getDb()));
}
