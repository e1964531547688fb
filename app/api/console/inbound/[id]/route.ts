import { consoleRoute } from "@/lib/http/route";
import { getInbound } from "@/lib/server/inbound/get";

export const dynamic = "force-dynamic";

export const GET = consoleRoute<{ id: string }>("read", (ctx, _req, p) => getInbound(ctx, p.id));
