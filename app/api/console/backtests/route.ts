import { consoleRoute, searchParams } from "@/lib/http/route";
import { backtestsQuery } from "@/lib/schemas/console";
import { listBacktests } from "@/lib/server/backtests/list";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", (ctx, req) => listBacktests(ctx, backtestsQuery.parse(searchParams(req))));
