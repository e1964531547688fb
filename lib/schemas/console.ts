// Isomorphic: the console pages parse their URL with these, the routes parse requests with them.
import { z } from "zod";

const isoDate = z.iso.datetime({ offset: true, local: true }).transform((s) => new Date(s));
const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(300).optional();

export const operationsQuery = z.object({
  status: z.string().max(64).optional(),
  type: z.string().max(64).optional(),
  strategy_id: z.string().max(128).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor,
  limit,
});
export type OperationsQuery = z.infer<typeof operationsQuery>;

export const tradersQuery = z.object({ strategy_id: z.string().max(128).optional(), cursor, limit });
export type TradersQuery = z.infer<typeof tradersQuery>;

export const INBOUND_OUTCOMES = ["accepted", "duplicate", "rejected", "error"] as const;
export const inboundQuery = z.object({
  outcome: z.enum(INBOUND_OUTCOMES).optional(),
  provider: z.string().max(32).optional(),
  cursor,
  limit,
});
export type InboundQuery = z.infer<typeof inboundQuery>;
