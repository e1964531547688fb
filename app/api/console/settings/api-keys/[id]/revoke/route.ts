import { getDb } from "@/lib/db";
import { relayRoute } from "@/lib/http/route";
import { revokeApiKey } from "@/lib/server/relay/api-keys";

export const dynamic = "force-dynamic";

export const POST = relayRoute<{ params: Promise<{ id: string }> }>(async (_req, ctx) => ({ api_key: await revokeApiKey(await getDb(), (await ctx.params).id) }), { access: "console" });
