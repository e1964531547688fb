// The console pages' server-side check: a valid session, or a redirect to /login?next=…
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { can, type Permission } from "@/lib/auth/roles";
import type { Me } from "@/lib/schemas/access";
import { meOf } from "@/lib/server/users/me";
import { resolveActor } from "./actor";

export async function requirePageSession(permission: Permission = "read"): Promise<Me> {
  const h = await headers();
  const path = h.get("x-hookscope-path") ?? "/";
  const req = new Request(`http://${h.get("host") ?? "localhost"}${path}`, { headers: h });
  const actor = await resolveActor(req, await getDb(), getEnv());
  if (!actor || !actor.viaCookie) redirect(`/login?next=${encodeURIComponent(path)}`);
  if (!can(actor.role, permission)) redirect("/?forbidden=1");
  return meOf(actor);
}
