// Isomorphic: the global search's query and answer.
import { z } from "zod";

export const SEARCH_KINDS = [
  "operation",
  "request_id",
  "execution",
  "trader",
  "participant",
  "strategy",
  "event",
  "notification",
  "delivery",
  "inbound_request",
  "position",
  "order",
  "backtest",
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const KIND_LABEL: Record<SearchKind, string> = {
  operation: "Operation",
  request_id: "Request id",
  execution: "Execution",
  trader: "Trader",
  participant: "Participant",
  strategy: "Strategy",
  event: "Event",
  notification: "Notification id",
  delivery: "Delivery",
  inbound_request: "Inbound request",
  position: "Position",
  order: "Order",
  backtest: "Backtest",
};

export const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(3, "q must be at least 3 characters")
    .max(200, "q must be at most 200 characters")
    // control characters (NUL included) never occur in an identifier
    .refine((v) => ![...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), "q must not contain control characters"),
});

export const searchHitSchema = z.strictObject({ kind: z.enum(SEARCH_KINDS), id: z.string(), href: z.string(), detail: z.string().nullable() });
export type SearchHit = z.infer<typeof searchHitSchema>;
export const searchResultSchema = z.strictObject({ query: z.string(), exact: searchHitSchema.nullable(), hits: z.array(searchHitSchema) });
export type SearchResult = z.infer<typeof searchResultSchema>;
