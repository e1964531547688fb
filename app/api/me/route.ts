import { jsonObjectBody, relayRoute } from "@/lib/http/route";
import { readDestination, updateDestinationSettings } from "@/lib/server/relay/settings";

export const dynamic = "force-dynamic";

export const GET = relayRoute({ permission: "read", keysOnly: true }, (ctx) => readDestination(ctx));
export const PATCH = relayRoute({ permission: "admin", keysOnly: true }, async (ctx, req) => updateDestinationSettings(ctx, await jsonObjectBody(req)));
