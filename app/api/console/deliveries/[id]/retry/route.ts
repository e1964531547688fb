import { relayRoute } from "@/lib/http/route";
import { retryDelivery } from "@/lib/server/relay/deliveries";

export const dynamic = "force-dynamic";

export const POST = relayRoute<{ id: string }>({ permission: "operate" }, (ctx, _req, p) => retryDelivery(ctx, p.id));
