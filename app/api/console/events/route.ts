import { consoleRoute, searchParams } from "@/lib/http/route";
import { eventsQuery } from "@/lib/schemas/console";
import { listEvents } from "@/lib/server/events/list";

export const dynamic = "force-dynamic";

export const GET = consoleRoute(async (req) => listEvents(eventsQuery.parse(searchParams(req))));
