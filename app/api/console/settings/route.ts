import { jsonObjectBody, relayRoute } from "@/lib/http/route";
import { readSettings, updateDestinationSettings } from "@/lib/server/relay/settings";

export const dynamic = "force-dynamic";

export const GET = relayRoute({ permission: "read" }, (ctx) => readSettings(ctx));
export const PATCH = relayRoute({ permission: "admin", freshSignIn: true }, async (ctx, req) => updateDestinationSettings(ctx, await jsonObjectBody(req)));
