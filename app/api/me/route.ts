import { jsonObjectBody, relayRoute } from "@/lib/http/route";
import { getProfile, patchProfile } from "@/lib/server/relay/profile";

export const dynamic = "force-dynamic";

export const GET = relayRoute(async () => getProfile());
export const PATCH = relayRoute(async (req) => patchProfile(await jsonObjectBody(req), { allowPause: false }));
