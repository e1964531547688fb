import { consoleRoute, searchParams } from "@/lib/http/route";
import { operationsQuery } from "@/lib/schemas/console";
import { listOperations } from "@/lib/server/operations/list";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", (ctx, req) => listOperations(ctx, operationsQuery.parse(searchParams(req))));
