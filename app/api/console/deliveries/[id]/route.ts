import { consoleRoute } from "@/lib/http/route";
import { getDelivery } from "@/lib/server/relay/deliveries";

export const dynamic = "force-dynamic";

export const GET = consoleRoute<{ params: Promise<{ id: string }> }>(async (_req, ctx) => getDelivery((await ctx.params).id));
