// The console pages' server-side check: a valid session, or a redirect to /login?next=…
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { can, type Permission } from "@/lib/auth/roles";
import type { Me } from "@/lib/schemas/access";
import { resolveActor } from "./actor";
import { FRESH_SIGN_IN_MS } from "./roles";

export async function requirePageSession(permission: Permission = "read"): Promise<Me> {
  const h = await headers();
  const path = h.get("x-hookscope-path") ?? "/";
  const req = new Request(`http://${h.get("host") ?? "localhost"}${path}`, { headers: h });
  const r = await resolveActor(req, await getDb(), getEnv());
  if (!r.actor || !r.actor.viaCookie) redirect(`/login?next=${encodeURIComponent(path)}`);
  const a = r.actor;
  if (!can(a.role, permission)) redirect("/?forbidden=1");
  return { kind: a.kind, label: a.label, role: a.role, fresh_until: a.signedInAt ? new Date(a.signedInAt.getTime() + FRESH_SIGN_IN_MS).toISOString() : null };
}
