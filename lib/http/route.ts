// Route wrapper: auth, typed errors → one JSON error shape, no stack traces to clients.
import { z } from "zod";
import { AppError, STATUS_OF } from "@/lib/errors";
import { getEnv, type Env } from "@/lib/env";
import { consoleAccess } from "./auth";

type Handler<C> = (req: Request, ctx: C, env: Env) => Promise<unknown>;

export function errorResponse(code: keyof typeof STATUS_OF, message: string) {
  return Response.json({ error: { code, message } }, { status: STATUS_OF[code] });
}

export function consoleRoute<C>(handler: Handler<C>) {
  return async (req: Request, ctx: C): Promise<Response> => {
    const env = getEnv();
    if (!consoleAccess(req, env)) return errorResponse("unauthorized", "Unauthorized");
    try {
      return Response.json(await handler(req, ctx, env));
    } catch (e) {
      if (e instanceof AppError) return errorResponse(e.code, e.message);
      if (e instanceof z.ZodError) return errorResponse("bad_request", e.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "));
      console.error("[console api]", req.method, new URL(req.url).pathname, (e as Error).message);
      return errorResponse("internal", "internal error");
    }
  };
}

export function searchParams(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(req.url).searchParams) if (v !== "") out[k] = v;
  return out;
}
