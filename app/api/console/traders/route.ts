import { consoleRoute, searchParams } from "@/lib/http/route";
import { tradersQuery } from "@/lib/schemas/console";
import { listTraders } from "@/lib/server/traders/list";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", (ctx, req) => listTraders(ctx, tradersQuery.parse(searchParams(req))));
