import { consoleRoute, searchParams } from "@/lib/http/route";
import { eventsQuery } from "@/lib/schemas/console";
import { listEvents } from "@/lib/server/events/list";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", (ctx, req) => listEvents(ctx, eventsQuery.parse(searchParams(req))));
