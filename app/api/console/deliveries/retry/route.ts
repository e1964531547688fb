import { jsonObjectBody, relayRoute, searchParams } from "@/lib/http/route";
import { deliveryFilters } from "@/lib/schemas/relay";
import { retryDeliveries } from "@/lib/server/relay/deliveries";

export const dynamic = "force-dynamic";

// Filters from the query string and/or a JSON body (the body wins), as on the list.
export const POST = relayRoute({ permission: "operate" }, async (ctx, req) => {
  const body = await jsonObjectBody(req);
  const merged: Record<string, unknown> = { ...searchParams(req) };
  for (const [k, v] of Object.entries(body)) if (v !== null && v !== "") merged[k] = v;
  return retryDeliveries(ctx, deliveryFilters.strict().parse(merged));
});
