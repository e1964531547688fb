// GET/PATCH /api/me and the settings form: one validation for both, including the address rules
// for callback_url (the same ones every send is held to).
import type { Ctx } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { checkCallbackUrl, checkDescription } from "@/lib/schemas/relay";
import { destinationView, getDestination, updateDestination } from "./destination";
import { checkCallbackTarget } from "./egress";

export async function getProfile(ctx: Pick<Ctx, "db">) {
  return destinationView(await getDestination(ctx.db));
}

/**
 * Applies the known fields present in `body` (callback_url, description); anything else, `paused`
 * included (an operator action of its own), is not a field here. No known field → 400.
 */
export async function patchProfile(ctx: Pick<Ctx, "db" | "env">, body: Record<string, unknown>) {
  const patch: { callbackUrl?: string | null; description?: string } = {};
  if ("callback_url" in body) {
    const r = checkCallbackUrl(body.callback_url);
    if (!r.ok) throw new AppError("bad_request", r.error);
    if (r.value !== null) {
      const target = await checkCallbackTarget(r.value, { allowPrivate: ctx.env.HOOKSCOPE_ALLOW_PRIVATE_CALLBACKS });
      if (!target.ok) throw new AppError("bad_request", target.error);
    }
    patch.callbackUrl = r.value;
  }
  if ("description" in body) {
    const r = checkDescription(body.description);
    if (!r.ok) throw new AppError("bad_request", r.error);
    patch.description = r.value;
  }
  if (Object.keys(patch).length === 0) throw new AppError("bad_request", "At least one field must be provided");
  return destinationView(await updateDestination(ctx.db, patch));
}
