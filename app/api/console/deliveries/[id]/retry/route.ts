import { relayRoute } from "@/lib/http/route";
import { retryDelivery } from "@/lib/server/relay/deliveries";

export const dynamic = "force-dynamic";

export const POST = relayRoute<{ params: Promise<{ id: string }> }>(async (_req, ctx) => retryDelivery((await ctx.params).id), { access: "console" });
