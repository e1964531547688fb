import { consoleRoute, searchParams } from "@/lib/http/route";
import { operationsQuery } from "@/lib/schemas/console";
import { listOperations } from "@/lib/server/operations/list";

export const dynamic = "force-dynamic";

export const GET = consoleRoute(async (req, _ctx, env) =>
  listOperations(operationsQuery.parse(searchParams(req)), { now: new Date(), stuckAfterMs: env.STUCK_AFTER_MINUTES * 60_000 }),
);
