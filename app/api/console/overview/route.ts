import { consoleRoute, searchParams } from "@/lib/http/route";
import { overviewQuery } from "@/lib/schemas/overview";
import { getOverview } from "@/lib/server/overview/get";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", (ctx, req) => getOverview(ctx, overviewQuery.parse(searchParams(req)).range));
