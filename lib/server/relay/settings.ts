// The operator-facing verbs of the relay's settings: each takes the request context, does one
// thing and leaves an audit row. Reads of secrets are audited too.
import type { Ctx } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { audit } from "@/lib/server/audit/record";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { destinationView, updateDestination } from "./destination";
import { getProfile, patchProfile } from "./profile";
import { currentSecret, rotateSecret } from "./secrets";
import { maskSecret } from "./sign";
import { sendTestWebhook, testSendBody } from "./test-send";
import type { apiKeysSchema, createdApiKeySchema, destinationSchema, RelayBody, relaySettingsSchema, revokedApiKeySchema, rotatedSecretSchema, signingSecretSchema } from "@/lib/schemas/settings";

/** The destination without its secret (any role). */
export async function readDestination(ctx: Ctx): Promise<RelayBody<typeof destinationSchema>> {
  return getProfile(ctx);
}

export async function readSettings(ctx: Ctx): Promise<RelayBody<typeof relaySettingsSchema>> {
  return { ...(await getProfile(ctx)), signing_secret_masked: maskSecret(await currentSecret(ctx.db)) };
}

/** Where a URL points, without its path, query or credentials (an audit row must not store a token). */
const urlOrigin = (u: unknown) => {
  if (typeof u !== "string" || u === "") return null;
  try {
    return new URL(u).origin;
  } catch {
    return null;
  }
};

/** callback_url and description (admin). `paused` is not one of these fields: it is an operator action of its own (setPaused). */
export async function updateDestinationSettings(ctx: Ctx, body: Record<string, unknown>): Promise<RelayBody<typeof destinationSchema>> {
  const out = await patchProfile(ctx, body);
  const detail: Record<string, unknown> = {};
  if ("callback_url" in body) detail.callback_url = urlOrigin(out.callback_url);
  if ("description" in body) detail.description = "changed";
  await audit(ctx, { action: "destination.update", target: "destination", detail });
  return out;
}

export async function setPaused(ctx: Ctx, body: Record<string, unknown>): Promise<RelayBody<typeof destinationSchema>> {
  if (typeof body.paused !== "boolean") throw new AppError("bad_request", "paused must be true or false");
  const out = destinationView(await updateDestination(ctx.db, { paused: body.paused }));
  await audit(ctx, { action: body.paused ? "destination.pause" : "destination.resume", target: "destination" });
  return out;
}

export async function revealSigningSecret(ctx: Ctx): Promise<RelayBody<typeof signingSecretSchema>> {
  const secret = await currentSecret(ctx.db);
  await audit(ctx, { action: "signing_secret.reveal", target: "signing_secret" });
  return { signing_secret: secret };
}

export async function rotateSigningSecret(ctx: Ctx): Promise<RelayBody<typeof rotatedSecretSchema>> {
  const r = await rotateSecret(ctx.db, ctx.now, ctx.env.HOOKSCOPE_SECRET_ROTATION_GRACE_HOURS);
  await audit(ctx, { action: "signing_secret.rotate", target: "signing_secret", detail: { previous_expires_at: r.previous_expires_at } });
  return { signing_secret: r.secret, previous_secret_expires_at: r.previous_expires_at };
}

/** POST /api/webhooks/test and the Settings button: spec §3 answers, one audit row with the outcome. */
export async function sendTest(ctx: Ctx): Promise<Response> {
  const r = await sendTestWebhook({ db: ctx.db });
  if (r.kind === "no_callback") {
    await audit(ctx, { action: "webhook.test", target: "destination", result: "failure", detail: { error: "No callback_url configured" } });
    return Response.json({ success: false, error: "No callback_url configured" }, { status: 400 });
  }
  const body = testSendBody(r);
  await audit(ctx, {
    action: "webhook.test",
    target: r.delivery_id,
    result: body.success ? "success" : "failure",
    detail: { status_code: r.status_code, error: r.error, response_time_ms: r.response_time_ms },
  });
  return Response.json(body);
}

export async function listKeys(ctx: Ctx): Promise<RelayBody<typeof apiKeysSchema>> {
  return { api_keys: await listApiKeys(ctx.db) };
}

export async function createKey(ctx: Ctx, body: Record<string, unknown>): Promise<RelayBody<typeof createdApiKeySchema>> {
  const r = await createApiKey(ctx.db, { name: body.name, role: body.role, expiresIn: body.expires_in, createdBy: ctx.actor.label }, ctx.now);
  await audit(ctx, { action: "api_key.create", target: `${r.api_key.name} (${r.api_key.prefix}…)`, detail: { role: r.api_key.role, expires_at: r.api_key.expires_at } });
  return r;
}

export async function revokeKey(ctx: Ctx, idOrPrefix: string): Promise<RelayBody<typeof revokedApiKeySchema>> {
  const k = await revokeApiKey(ctx.db, idOrPrefix, ctx.now);
  await audit(ctx, { action: "api_key.revoke", target: `${k.name} (${k.prefix}…)` });
  return { api_key: k };
}
