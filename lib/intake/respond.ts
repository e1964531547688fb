// The webhook endpoints as route handlers (app/api/webhooks/<provider>/route.ts): the same rate
// limit, pipeline and metrics as the production server's node:http intake (lib/server/http/intake.ts).
import { getEnv } from "@/lib/env";
import { observeIntake, observeRateLimited } from "@/lib/server/metrics/registry";
import { ingest, outcomeToResponse, refuse } from "./pipeline";
import { checkIntakeRate, requestClientAddress } from "./rate-limit";
import type { ProviderAdapter } from "./types";

export async function intakeResponse<T>(provider: ProviderAdapter<T>, req: Request): Promise<Response> {
  const started = performance.now();
  const env = getEnv();
  if (env.HOOKSCOPE_INTAKE_RATE_LIMIT) {
    const verdict = await checkIntakeRate(requestClientAddress(req, env.HOOKSCOPE_TRUST_PROXY), env);
    if (!verdict.ok) {
      observeRateLimited(provider.name);
      return Response.json({ received: false, error: verdict.message }, { status: 429, headers: { "retry-after": String(verdict.retryAfterSeconds), "cache-control": "no-store" } });
    }
  }
  const o = await ingest(provider, req);
  observeIntake(provider.name, o, started);
  return outcomeToResponse(o);
}

/** A wrong method on a provider's endpoint: logged like other rejections (405, Allow: POST). */
export async function wrongMethodResponse<T>(provider: ProviderAdapter<T>, req: Request): Promise<Response> {
  const started = performance.now();
  const o = await refuse(provider as ProviderAdapter<unknown>, req.headers, 405, `method ${req.method} not allowed; use POST`);
  observeIntake(provider.name, o, started);
  return outcomeToResponse(o);
}
