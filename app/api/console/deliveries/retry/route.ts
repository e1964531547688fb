import { AppError } from "@/lib/errors";
import { jsonObjectBody, relayRoute, searchParams } from "@/lib/http/route";
import { bulkRetryByIds, deliveryFilters } from "@/lib/schemas/relay";
import { retryDeliveries, retryDeliveriesByIds } from "@/lib/server/relay/deliveries";

export const dynamic = "force-dynamic";

// Either `{"ids": [...]}` (a selection, nothing else beside it) or filters from the query string
// and/or a JSON body (the body wins), as on the list. `dry_run: true` only counts.
export const POST = relayRoute({ permission: "operate" }, async (ctx, req) => {
  const body = await jsonObjectBody(req);
  const query = searchParams(req);
  if ("ids" in body) {
    if (Object.keys(query).length > 0) throw new AppError("bad_request", "Send either ids or filters, not both");
    const b = bulkRetryByIds.parse(body);
    return retryDeliveriesByIds(ctx, b.ids, b.dry_run === true);
  }
  const { dry_run: dryRun, ...rest } = body;
  if (dryRun !== undefined && typeof dryRun !== "boolean") throw new AppError("bad_request", "dry_run must be a boolean");
  const merged: Record<string, unknown> = { ...query };
  for (const [k, v] of Object.entries(rest)) if (v !== null && v !== "") merged[k] = v;
  return retryDeliveries(ctx, deliveryFilters.strict().parse(merged), dryRun === true);
});
