import { consoleRoute, searchParams } from "@/lib/http/route";
import { inboundQuery } from "@/lib/schemas/console";
import { listInbound } from "@/lib/server/inbound/list";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", (ctx, req) => listInbound(ctx, inboundQuery.parse(searchParams(req))));
