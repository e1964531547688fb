import { consoleRoute } from "@/lib/http/route";
import { requestHost } from "@/lib/http/origin";
import { getSetup } from "@/lib/server/setup/get";

export const dynamic = "force-dynamic";

// The guard has already refused a Host outside the allowed list, so it is safe to echo back.
export const GET = consoleRoute("read", (ctx, req) => getSetup(ctx, `${new URL(req.url).protocol}//${requestHost(req)}`));
