import { relayRoute } from "@/lib/http/route";
import { listDeliveriesApi, parseApiListQuery } from "@/lib/server/relay/deliveries";

export const dynamic = "force-dynamic";

export const GET = relayRoute({ permission: "read", keysOnly: true }, (ctx, req) => listDeliveriesApi(ctx, parseApiListQuery(new URL(req.url).searchParams)));
