// Who is asking: an API key (Bearer) or a signed-in user (session cookie). Resolved once per
// request by the route wrapper; service verbs receive it in their context.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db";
import type { Env } from "@/lib/env";
import { findStoredKey } from "@/lib/server/relay/api-keys";
import { CLIENT_IP_HEADER, getAuth } from "./auth";
import { isRole, type Role } from "./roles";

export type ActorKind = "user" | "api_key" | "env_key" | "cli";

export type Actor = {
  kind: ActorKind;
  /** user id or stored key id; null for environment keys and the CLI */
  id: string | null;
  /** the user's email or the key's name and prefix, for the audit log and the UI */
  label: string;
  role: Role;
  ip: string | null;
  /** users only: when this session signed in */
  signedInAt: Date | null;
  /** true when credentials came from a cookie (the mutation checks apply) */
  viaCookie: boolean;
};

/** What every service verb receives. */
export type Ctx = { db: Db; actor: Actor; env: Env; now: Date };

export const cliActor = (label = "cli"): Actor => ({ kind: "cli", id: null, label, role: "admin", ip: null, signedInAt: null, viaCookie: false });

export function bearerToken(req: Request): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  return m ? m[1]! : null;
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Index of `key` in HOOKSCOPE_API_KEYS, compared in constant time against every entry. */
function envKeyIndex(key: string, env: Env): number {
  const given = digest(key);
  let found = -1;
  env.HOOKSCOPE_API_KEYS.forEach((k, i) => {
    if (timingSafeEqual(given, digest(k)) && found === -1) found = i;
  });
  return found;
}

export function clientIp(req: Request): string | null {
  return req.headers.get(CLIENT_IP_HEADER) || null;
}

/** The actor the request's credentials name, or null: no credentials, a bad or expired key, no valid session. */
export async function resolveActor(req: Request, db: Db, env: Env, now = new Date()): Promise<Actor | null> {
  const ip = clientIp(req);
  const key = bearerToken(req);
  if (req.headers.has("authorization")) {
    if (!key) return null;
    const i = envKeyIndex(key, env);
    if (i >= 0) return { kind: "env_key", id: null, label: `HOOKSCOPE_API_KEYS #${i + 1}`, role: "admin", ip, signedInAt: null, viaCookie: false };
    const stored = await findStoredKey(db, key, now);
    if (!stored || !isRole(stored.role)) return null;
    return { kind: "api_key", id: stored.id, label: `${stored.name} (${stored.prefix}…)`, role: stored.role, ip, signedInAt: null, viaCookie: false };
  }
  if (!req.headers.get("cookie")) return null;
  const auth = await getAuth(db, env);
  const s = await auth.api.getSession({ headers: req.headers, query: { disableRefresh: req.method !== "GET" } });
  if (!s) return null;
  const user = s.user as typeof s.user & { role?: unknown; disabledAt?: Date | null };
  if (user.disabledAt || !isRole(user.role)) return null;
  return { kind: "user", id: user.id, label: user.email, role: user.role, ip, signedInAt: new Date(s.session.createdAt), viaCookie: true };
}
