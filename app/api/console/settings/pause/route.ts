import { jsonObjectBody, relayRoute } from "@/lib/http/route";
import { setPaused } from "@/lib/server/relay/settings";

export const dynamic = "force-dynamic";

export const POST = relayRoute({ permission: "operate" }, async (ctx, req) => setPaused(ctx, await jsonObjectBody(req)));
