import { consoleRoute } from "@/lib/http/route";
import { getTrader } from "@/lib/server/traders/get";

export const dynamic = "force-dynamic";

export const GET = consoleRoute<{ id: string }>("read", (ctx, _req, p) => getTrader(ctx, p.id));
