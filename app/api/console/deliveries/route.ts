import { consoleRoute, searchParams } from "@/lib/http/route";
import { deliveriesQuery } from "@/lib/schemas/relay";
import { listDeliveriesConsole } from "@/lib/server/relay/deliveries";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", (ctx, req) => listDeliveriesConsole(ctx, deliveriesQuery.parse(searchParams(req))));
