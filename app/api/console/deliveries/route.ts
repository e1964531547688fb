import { consoleRoute, searchParams } from "@/lib/http/route";
import { deliveriesQuery } from "@/lib/schemas/relay";
import { listDeliveriesConsole } from "@/lib/server/relay/deliveries";

export const dynamic = "force-dynamic";

export const GET = consoleRoute(async (req) => listDeliveriesConsole(deliveriesQuery.parse(searchParams(req))));
