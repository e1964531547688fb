import type { DeliveryFilters } from "@/lib/query/filters";
import { isoDate, oneOf, text, type ParamReader } from "@/lib/query/search-params";
import { DELIVERY_KINDS, CONSOLE_DELIVERY_STATUSES, HTTP_CLASSES } from "@/lib/schemas/relay";

export function parseDeliverySearchParams(params: ParamReader): DeliveryFilters {
  return {
    status: oneOf(params.get("status"), CONSOLE_DELIVERY_STATUSES),
    event_type: text(params.get("event_type")),
    from: isoDate(params.get("from")),
    to: isoDate(params.get("to")),
    http_status: oneOf(params.get("http_status"), HTTP_CLASSES),
    kind: oneOf(params.get("kind"), DELIVERY_KINDS),
    operation_id: text(params.get("operation_id")),
    strategy_id: text(params.get("strategy_id")),
  };
}
