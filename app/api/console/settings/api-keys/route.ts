import { jsonObjectBody, relayRoute } from "@/lib/http/route";
import { createKey, listKeys } from "@/lib/server/relay/settings";

export const dynamic = "force-dynamic";

export const GET = relayRoute({ permission: "admin" }, (ctx) => listKeys(ctx));
export const POST = relayRoute({ permission: "admin" }, async (ctx, req) => createKey(ctx, await jsonObjectBody(req)));
