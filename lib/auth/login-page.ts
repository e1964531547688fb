// What /login needs from the server: where to go after signing in, and whether anyone can sign in yet.
import { getDb } from "@/lib/db";

/** Only a path on this site: `//evil.example` and absolute URLs fall back to the console's home. */
export function safeNext(next: string | string[] | undefined): string {
  const v = Array.isArray(next) ? next[0] : next;
  return v && v.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\") ? v : "/";
}

export async function adminExists(): Promise<boolean> {
  const db = await getDb();
  return (await db.user.count({ where: { role: "admin", disabledAt: null } })) > 0;
}
