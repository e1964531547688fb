import { consoleRoute } from "@/lib/http/route";
import { retentionStatus } from "@/lib/server/retention/status";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", (ctx) => retentionStatus(ctx));
