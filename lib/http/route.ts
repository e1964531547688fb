// Route wrappers: auth, typed errors → one JSON error shape, no stack traces to clients.
import { z } from "zod";
import { AppError, STATUS_OF } from "@/lib/errors";
import { getEnv, type Env } from "@/lib/env";
import { consoleAccess, hasValidApiKey } from "./auth";

type Handler<C> = (req: Request, ctx: C, env: Env) => Promise<unknown>;

export function errorResponse(code: keyof typeof STATUS_OF, message: string) {
  return Response.json({ error: { code, message } }, { status: STATUS_OF[code] });
}

const zodMessage = (e: z.ZodError) => e.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ");

export function consoleRoute<C>(handler: Handler<C>) {
  return async (req: Request, ctx: C): Promise<Response> => {
    const env = getEnv();
    try {
      if (!(await consoleAccess(req, env))) return errorResponse("unauthorized", "Unauthorized");
      const out = await handler(req, ctx, env);
      return out instanceof Response ? out : Response.json(out);
    } catch (e) {
      if (e instanceof AppError) return errorResponse(e.code, e.message);
      if (e instanceof z.ZodError) return errorResponse("bad_request", zodMessage(e));
      console.error("[console api]", req.method, new URL(req.url).pathname, (e as Error).message);
      return errorResponse("internal", "internal error");
    }
  };
}

export function relayError(status: number, error: string) {
  return Response.json({ success: false, error }, { status });
}

/**
 * The delivery API of spec §3: `{"success": true, ...}` / `{"success": false, "error": "..."}`.
 * access "api": Bearer key only (env or stored). access "console": also the console's own
 * same-origin fetches, like consoleRoute. A handler may return a Response to answer verbatim.
 */
export function relayRoute<C>(handler: Handler<C>, opts: { access: "api" | "console" } = { access: "api" }) {
  return async (req: Request, ctx: C): Promise<Response> => {
    const env = getEnv();
    try {
      const allowed = opts.access === "api" ? await hasValidApiKey(req, env) : await consoleAccess(req, env);
      if (!allowed) return relayError(401, "Unauthorized");
      const out = await handler(req, ctx, env);
      return out instanceof Response ? out : Response.json({ success: true, ...(out as object) });
    } catch (e) {
      if (e instanceof AppError) return relayError(STATUS_OF[e.code], e.message);
      if (e instanceof z.ZodError) return relayError(400, zodMessage(e));
      console.error("[relay api]", req.method, new URL(req.url).pathname, (e as Error).message);
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
