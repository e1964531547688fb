import { getDb } from "@/lib/db";
import { jsonObjectBody, relayRoute } from "@/lib/http/route";
import { getProfile, patchProfile } from "@/lib/server/relay/profile";
import { currentSecret } from "@/lib/server/relay/secrets";
import { maskSecret } from "@/lib/server/relay/sign";

export const dynamic = "force-dynamic";

export const GET = relayRoute(async () => ({ ...(await getProfile()), signing_secret_masked: maskSecret(await currentSecret(await getDb())) }), { access: "console" });
export const PATCH = relayRoute(async (req) => patchProfile(await jsonObjectBody(req), { allowPause: true }), { access: "console" });
