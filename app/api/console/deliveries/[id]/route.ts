import { consoleRoute } from "@/lib/http/route";
import { getDelivery } from "@/lib/server/relay/deliveries";

export const dynamic = "force-dynamic";

export const GET = consoleRoute<{ id: string }>("read", (ctx, _req, p) => getDelivery(ctx, p.id));
