import { consoleRoute } from "@/lib/http/route";
import { getStrategy } from "@/lib/server/strategies/get";

export const dynamic = "force-dynamic";

export const GET = consoleRoute<{ id: string }>("read", (ctx, _req, p) => getStrategy(ctx, p.id));
