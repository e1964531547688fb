// /api/auth/*: better-auth's own endpoints (sign-in, sign-out, session), behind the same Host
// check as the rest of the console. Failed sign-ins leave an audit row; a disabled user gets the
// same answer as a wrong password.
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { errorResponse } from "@/lib/http/route";
import { isAllowedHost, requestHost } from "@/lib/http/origin";
import { writeAudit } from "@/lib/server/audit/record";
import { clientIp } from "./actor";
import { getAuth } from "./auth";

/** Sign-up is off and users are managed by admins: only these endpoints of better-auth are served. */
const SERVED = new Set(["/sign-in/email", "/sign-out", "/get-session", "/ok"]);

export async function authHandler(req: Request): Promise<Response> {
  const env = getEnv();
  if (!isAllowedHost(requestHost(req), env)) return errorResponse("misdirected", "This host name is not served here");
  const path = new URL(req.url).pathname.replace(/^\/api\/auth/, "");
  if (!SERVED.has(path)) return errorResponse("not_found", "Not found");
  const db = await getDb();
  const auth = await getAuth(db, env);
  if (path !== "/sign-in/email" || req.method !== "POST") return auth.handler(req);
  const email = await req
    .clone()
    .json()
    .then((b: { email?: unknown }) => (typeof b.email === "string" ? b.email.trim().toLowerCase().slice(0, 254) : ""))
    .catch(() => "");
  const res = await auth.handler(req);
  if (!res.ok) {
    const reason = res.status === 429 ? "rate limited" : res.status === 403 ? "origin refused" : "invalid email or password";
    await writeAudit(db, { kind: "anonymous", id: null, label: email || "(no email)", role: null, ip: clientIp(req) }, { action: "auth.sign_in", target: email || null, result: "failure", detail: { reason, status: res.status } });
  }
  return res;
}
