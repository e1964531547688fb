// Isomorphic: the deliveries page parses its URL with these, the routes parse requests with them.
import { z } from "zod";
import { pageQuery } from "./console";
import { idPrefix, isoDate, typePrefix } from "./filters";

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/**
 * The console's view of a delivery's status (the list, its tabs and the bulk retry). "failing" is
 * stored as pending with at least one failed attempt in the current schedule (scheduleAttempts > 0):
 * retries remain and the last one failed. The console's "pending" is then pending and not failing
 * (never tried in this schedule). Spec §3 `GET /api/webhooks` keeps DELIVERY_STATUSES exactly.
 */
export const CONSOLE_DELIVERY_STATUSES = ["failing", "pending", "delivered", "failed"] as const;
export type ConsoleDeliveryStatus = (typeof CONSOLE_DELIVERY_STATUSES)[number];
export const HTTP_CLASSES = ["2xx", "3xx", "4xx", "5xx", "none"] as const;
export const DELIVERY_KINDS = ["real", "test"] as const;


/** Filters shared by the console list and the bulk retry. */
export const deliveryFilters = z.object({
  status: z.enum(CONSOLE_DELIVERY_STATUSES).optional(),
  /** a whole event type or its beginning */
  event_type: typePrefix.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  http_status: z.enum(HTTP_CLASSES).optional(),
  kind: z.enum(DELIVERY_KINDS).optional(),
  operation_id: idPrefix("operation_id").optional(),
  strategy_id: idPrefix("strategy_id").optional(),
});
export type DeliveryFilters = z.infer<typeof deliveryFilters>;

export const deliveriesQuery = deliveryFilters.extend(pageQuery);
export type DeliveriesQuery = z.infer<typeof deliveriesQuery>;

/** The tab counts take the list's filters except the status (and the page). */
export const deliveryCountsQuery = deliveryFilters.omit({ status: true });

/** GET /api/webhooks: the largest `offset` it serves (400 past it); the OpenAPI document and the README say so. */
export const WEBHOOKS_MAX_OFFSET = 10_000;

/** Counting stops here per status, so a tab count costs at most this many index entries. */
export const DELIVERY_COUNT_CAP = 10_000;

export const BULK_RETRY_MAX_IDS = 500;
const deliveryId = z
  .string()
  .min(1)
  .max(128)
  .refine((s) => !s.includes("\u0000"), "ids must not contain NUL bytes");
/** Bulk retry by selection: ids only, no filters beside them. `dry_run` answers the count alone. */
export const bulkRetryByIds = z.strictObject({
  ids: z.array(deliveryId).min(1).max(BULK_RETRY_MAX_IDS, `at most ${BULK_RETRY_MAX_IDS} ids`),
  dry_run: z.boolean().optional(),
});

export const DESCRIPTION_MAX = 500;

/** callback_url: an absolute http(s) URL; null (or "") removes it. */
export function checkCallbackUrl(v: unknown): { ok: true; value: string | null } | { ok: false; error: string } {
  if (v === null || v === "") return { ok: true, value: null };
  const bad = { ok: false, error: "callback_url must be an absolute http(s) URL or null" } as const;
  if (typeof v !== "string" || v.length > 2048) return bad;
  let u: URL;
  try {
    u = new URL(v.trim());
  } catch {
    return bad;
  }
  if ((u.protocol !== "http:" && u.protocol !== "https:") || !u.hostname) return bad;
  // fetch refuses URLs with credentials, and they would sit in every delivery row and log line
  if (u.username || u.password) return { ok: false, error: "callback_url must not contain credentials (user:password@)" };
  return { ok: true, value: v.trim() };
}

export function checkDescription(v: unknown): { ok: true; value: string } | { ok: false; error: string } {
  if (v === null) return { ok: true, value: "" };
  if (typeof v !== "string") return { ok: false, error: "description must be a string" };
  if (v.length > DESCRIPTION_MAX) return { ok: false, error: `description must be at most ${DESCRIPTION_MAX} characters` };
  return { ok: true, value: v };
}
