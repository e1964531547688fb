import { consoleRoute, searchParams } from "@/lib/http/route";
import { auditQuery } from "@/lib/schemas/access";
import { listAudit } from "@/lib/server/audit/list";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("admin", (ctx, req) => listAudit(ctx, auditQuery.parse(searchParams(req))));
