// GET/PATCH /api/me and the settings form: one validation for both, including the address rules
// for callback_url (the same ones every send is held to).
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { checkCallbackUrl, checkDescription } from "@/lib/schemas/relay";
import { destinationView, getDestination, updateDestination } from "./destination";
import { checkCallbackTarget } from "./egress";

export async function getProfile() {
  return destinationView(await getDestination(await getDb()));
}

/**
 * Applies the known fields present in `body` (callback_url, description; `paused` only when
 * `allowPause`, i.e. from the console). No known field → 400.
 */
export async function patchProfile(body: Record<string, unknown>, opts: { allowPause: boolean }) {
  const patch: { callbackUrl?: string | null; description?: string; paused?: boolean } = {};
  if ("callback_url" in body) {
    const r = checkCallbackUrl(body.callback_url);
    if (!r.ok) throw new AppError("bad_request", r.error);
    if (r.value !== null) {
      const target = await checkCallbackTarget(r.value, { allowPrivate: getEnv().HOOKSCOPE_ALLOW_PRIVATE_CALLBACKS });
      if (!target.ok) throw new AppError("bad_request", target.error);
    }
    patch.callbackUrl = r.value;
  }
  if ("description" in body) {
    const r = checkDescription(body.description);
    if (!r.ok) throw new AppError("bad_request", r.error);
    patch.description = r.value;
  }
  if (opts.allowPause && "paused" in body) {
    if (typeof body.paused !== "boolean") throw new AppError("bad_request", "paused must be true or false");
    patch.paused = body.paused;
  }
  if (Object.keys(patch).length === 0) throw new AppError("bad_request", "At least one field must be provided");
  return destinationView(await updateDestination(await getDb(), patch));
}
