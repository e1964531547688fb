import { writeAudit } from "@/lib/server/audit/record";
import type { Db } from "@/lib/db";
import type { Env } from "@/lib/env";
import { insertUser } from "./create";
import { checkedPasswordHash } from "./password";

export type BootstrapResult = "created" | "admin_exists" | "not_configured";

/**
 * The first admin from HOOKSCOPE_ADMIN_EMAIL + HOOKSCOPE_ADMIN_PASSWORD, only while no admin
 * exists: a password changed later (or a user disabled) is never overwritten by a restart.
 */
export async function ensureFirstAdmin(db: Db, env: Env): Promise<BootstrapResult> {
  if (!env.HOOKSCOPE_ADMIN_EMAIL || !env.HOOKSCOPE_ADMIN_PASSWORD) return "not_configured";
  if ((await db.user.count({ where: { role: "admin" } })) > 0) return "admin_exists";
  const passwordHash = await checkedPasswordHash(env.HOOKSCOPE_ADMIN_PASSWORD).catch((e: Error) => {
    throw new Error(`HOOKSCOPE_ADMIN_PASSWORD: ${e.message}`);
  });
  const email = env.HOOKSCOPE_ADMIN_EMAIL;
  try {
    await insertUser(db, { email, name: email.split("@")[0]!, role: "admin", passwordHash });
  } catch (e) {
    // another process created it first, or a non-admin user holds that email: neither is overwritten
    if ((await db.user.count({ where: { role: "admin" } })) > 0) return "admin_exists";
    throw new Error(`HOOKSCOPE_ADMIN_EMAIL: ${(e as Error).message}`);
  }
  await writeAudit(db, { kind: "cli", id: null, label: "HOOKSCOPE_ADMIN_EMAIL", role: "admin", ip: null }, { action: "user.bootstrap", target: email, detail: { role: "admin" } });
  return "created";
}
