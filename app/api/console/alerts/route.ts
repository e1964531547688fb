import { consoleRoute, searchParams } from "@/lib/http/route";
import { alertsQuery } from "@/lib/schemas/console";
import { listAlerts } from "@/lib/server/alerts/list";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", (ctx, req) => listAlerts(ctx, alertsQuery.parse(searchParams(req))));
