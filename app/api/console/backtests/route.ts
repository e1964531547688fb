import { consoleRoute, searchParams } from "@/lib/http/route";
import { backtestsQuery } from "@/lib/schemas/console";
import { listBacktests } from "@/lib/server/backtests/list";

export const dynamic = "force-dynamic";

export const GET = consoleRoute(async (req) => listBacktests(backtestsQuery.parse(searchParams(req))));
