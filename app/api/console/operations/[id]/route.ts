import { consoleRoute } from "@/lib/http/route";
import { getOperation } from "@/lib/server/operations/get";

export const dynamic = "force-dynamic";

export const GET = consoleRoute<{ id: string }>("read", (ctx, _req, p) => getOperation(ctx, p.id));
