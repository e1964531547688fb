import { consoleRoute } from "@/lib/http/route";
import { getOpenApiDocument } from "@/lib/openapi/serve";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", async () => getOpenApiDocument());
