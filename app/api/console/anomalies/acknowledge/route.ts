import { consoleRoute, jsonObjectBody } from "@/lib/http/route";
import { acknowledgeBody } from "@/lib/schemas/anomalies";
import { acknowledgeAnomalies } from "@/lib/server/anomalies/acknowledge";

export const dynamic = "force-dynamic";

export const POST = consoleRoute("operate", async (ctx, req) => acknowledgeAnomalies(ctx, acknowledgeBody.parse(await jsonObjectBody(req))));
