import { consoleRoute, searchParams } from "@/lib/http/route";
import { anomaliesQuery } from "@/lib/schemas/anomalies";
import { listAnomalies } from "@/lib/server/anomalies/list";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", (ctx, req) => listAnomalies(ctx, anomaliesQuery.parse(searchParams(req))));
