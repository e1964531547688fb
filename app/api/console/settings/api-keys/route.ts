import { getDb } from "@/lib/db";
import { jsonObjectBody, relayRoute } from "@/lib/http/route";
import { createApiKey, listApiKeys } from "@/lib/server/relay/api-keys";

export const dynamic = "force-dynamic";

export const GET = relayRoute(async () => ({ api_keys: await listApiKeys(await getDb()) }), { access: "console" });
export const POST = relayRoute(async (req) => {
  const body = await jsonObjectBody(req);
  return createApiKey(await getDb(), body.name as string);
}, { access: "console" });
