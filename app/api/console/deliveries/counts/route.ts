import { consoleRoute, searchParams } from "@/lib/http/route";
import { deliveryCountsQuery } from "@/lib/schemas/relay";
import { countDeliveries } from "@/lib/server/relay/deliveries";

export const dynamic = "force-dynamic";

// The list's page parameters (status, cursor, limit) are ignored, so the tabs can pass the URL as is.
export const GET = consoleRoute("read", (ctx, req) => {
  const { status: _status, cursor: _cursor, limit: _limit, ...rest } = searchParams(req);
  return countDeliveries(ctx, deliveryCountsQuery.strict().parse(rest));
});
