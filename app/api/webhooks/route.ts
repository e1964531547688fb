import { relayRoute } from "@/lib/http/route";
import { listDeliveriesApi, parseApiListQuery } from "@/lib/server/relay/deliveries";

export const dynamic = "force-dynamic";

export const GET = relayRoute(async (req) => listDeliveriesApi(parseApiListQuery(new URL(req.url).searchParams)));
