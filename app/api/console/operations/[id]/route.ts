import { consoleRoute } from "@/lib/http/route";
import { getOperation } from "@/lib/server/operations/get";

export const dynamic = "force-dynamic";

export const GET = consoleRoute<{ params: Promise<{ id: string }> }>(async (_req, ctx, env) =>
  getOperation((await ctx.params).id, { now: new Date(), stuckAfterMs: env.STUCK_AFTER_MINUTES * 60_000 }),
);
