import { consoleRoute } from "@/lib/http/route";
import { getStrategy } from "@/lib/server/strategies/get";

export const dynamic = "force-dynamic";

export const GET = consoleRoute<{ params: Promise<{ id: string }> }>(async (_req, ctx) => getStrategy((await ctx.params).id));
