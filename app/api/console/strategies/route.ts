import { consoleRoute, searchParams } from "@/lib/http/route";
import { strategiesQuery } from "@/lib/schemas/console";
import { listStrategies } from "@/lib/server/strategies/list";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", (ctx, req) => listStrategies(ctx, strategiesQuery.parse(searchParams(req))));
