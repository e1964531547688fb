import type { AuditFilters } from "@/lib/query/options";
import { oneOf, text, type ParamReader } from "@/lib/query/search-params";
import { AUDIT_RESULTS } from "@/lib/schemas/access";

export function parseAuditSearchParams(params: ParamReader): AuditFilters {
  return { action: text(params.get("action")), actor: text(params.get("actor")), result: oneOf(params.get("result"), AUDIT_RESULTS) };
}
