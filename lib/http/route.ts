// Route wrappers: every console and relay API route goes through `guard` (allowed Host, who is
// asking, the cookie mutation checks, the role), then calls one service verb with a context
// `{ db, actor, env, now }`; typed errors map to one JSON error shape, no stack trace reaches a client.
import { z } from "zod";
import { resolveActor, type Ctx } from "@/lib/auth/actor";
import { can, FRESH_SIGN_IN_MS, PERMISSIONS, type Permission } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { AppError, STATUS_OF, type ErrorCode } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { writeAudit } from "@/lib/server/audit/record";
import { isAllowedHost, isSameOriginRequest, requestHost } from "./origin";

type Params = Record<string, string>;
type NextCtx = { params: Promise<Params> };
export type Handler<P extends Params> = (ctx: Ctx, req: Request, params: P) => Promise<unknown>;

export type GuardOptions = {
  /** the least permission the route needs (lib/auth/roles.ts) */
  permission: Permission;
  /** the relay API of spec §3: Bearer keys only, no session cookie */
  keysOnly?: boolean;
  /** revealing/rotating the signing secret, changing the callback URL: a session signed in within 15 min (or a key) */
  freshSignIn?: boolean;
};

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function errorResponse(code: ErrorCode, message: string) {
  return Response.json({ error: { code, message } }, { status: STATUS_OF[code] });
}

const zodMessage = (e: z.ZodError) => e.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ");

/** Host, credentials, CSRF and role checks; the context on success, an AppError otherwise. */
export async function guard(req: Request, opts: GuardOptions): Promise<Ctx> {
  const env = getEnv();
  if (!isAllowedHost(requestHost(req), env)) throw new AppError("misdirected", "This host name is not served here (set HOOKSCOPE_PUBLIC_URL or HOOKSCOPE_ALLOWED_HOSTS)");
  const db = await getDb();
  const now = new Date();
  const actor = await resolveActor(req, db, env, now);
  if (!actor || (opts.keysOnly && actor.viaCookie)) throw new AppError("unauthorized", "Unauthorized");
  const ctx: Ctx = { db, actor, env, now };
  if (actor.viaCookie && MUTATING.has(req.method)) {
    if (!isSameOriginRequest(req, env)) throw new AppError("forbidden", "Cross-origin request refused");
    if (!/^application\/json\b/i.test(req.headers.get("content-type") ?? "")) throw new AppError("unsupported_media_type", "Content-Type must be application/json");
  }
  if (!can(actor.role, opts.permission)) {
    if (MUTATING.has(req.method)) {
      await writeAudit(db, actor, { action: "access.denied", target: `${req.method} ${new URL(req.url).pathname}`, result: "denied" }, now);
    }
    throw new AppError("forbidden", `Forbidden: this needs the ${PERMISSIONS[opts.permission]} role`);
  }
  if (opts.freshSignIn && actor.signedInAt && now.getTime() - actor.signedInAt.getTime() > FRESH_SIGN_IN_MS) {
    throw new AppError("reauthentication_required", "Sign in again to do this (secrets and the callback URL need a sign-in within the last 15 minutes)");
  }
  return ctx;
}

function log(kind: string, req: Request, e: unknown) {
  console.error(`[${kind}]`, req.method, new URL(req.url).pathname, (e as Error).message);
}

/** Console API: `{...}` on success, `{"error":{"code","message"}}` otherwise. */
export function consoleRoute<P extends Params = Params>(opts: GuardOptions | Permission, handler: Handler<P>) {
  const o = typeof opts === "string" ? { permission: opts } : opts;
  return async (req: Request, next?: NextCtx): Promise<Response> => {
    try {
      const ctx = await guard(req, o);
      const out = await handler(ctx, req, ((await next?.params) ?? {}) as P);
      return out instanceof Response ? out : Response.json(out);
    } catch (e) {
      if (e instanceof AppError) return errorResponse(e.code, e.message);
      if (e instanceof z.ZodError) return errorResponse("bad_request", zodMessage(e));
      log("console api", req, e);
      return errorResponse("internal", "internal error");
    }
  };
}

export function relayError(status: number, error: string) {
  return Response.json({ success: false, error }, { status });
}

/**
 * The delivery API of spec §3: `{"success": true, ...}` / `{"success": false, "error": "..."}`.
 * Spec §3 routes are Bearer-key only (`keysOnly`); the console's settings and retry routes use the
 * same envelope with sessions too. A handler may return a Response to answer verbatim.
 */
export function relayRoute<P extends Params = Params>(opts: GuardOptions, handler: Handler<P>) {
  return async (req: Request, next?: NextCtx): Promise<Response> => {
    try {
      const ctx = await guard(req, opts);
      const out = await handler(ctx, req, ((await next?.params) ?? {}) as P);
      return out instanceof Response ? out : Response.json({ success: true, ...(out as object) });
    } catch (e) {
      if (e instanceof AppError) return relayError(STATUS_OF[e.code], e.message);
      if (e instanceof z.ZodError) return relayError(400, zodMessage(e));
      log("relay api", req, e);
      return relayError(500, "Internal error");
    }
  };
}

export function searchParams(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(req.url).searchParams) if (v !== "") out[k] = v;
  return out;
}

/** A JSON object body; anything else is a 400 naming the problem. */
export async function jsonObjectBody(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (text.trim() === "") return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "Request body must be valid JSON");
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new AppError("bad_request", "Request body must be a JSON object");
  return v as Record<string, unknown>;
}
