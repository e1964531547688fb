// Isomorphic wire schemas of the traders API (GET /api/console/traders[/{id}]).
import { z } from "zod";
import { anomalySchema } from "./lifecycle";
import { operationSummarySchema } from "./operations";
import { pageOf } from "./page";

export const traderSchema = z.strictObject({
  id: z.string(),
  strategy_id: z.string(),
  participant_code: z.string(),
  account_label: z.string(),
  auto_rebalance: z.boolean(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  received_at: z.string(),
  anomalies: z.array(anomalySchema),
});
export type Trader = z.infer<typeof traderSchema>;
export const tradersPageSchema = pageOf(traderSchema);

export const traderDetailSchema = z.strictObject({
  /** null while the trader is known only from executions that name it */
  trader: traderSchema.nullable(),
  enrollment: z
    .strictObject({ execution_id: z.string(), operation_id: z.string(), operation_known: z.boolean(), status: z.string(), settled_at: z.string().nullable() })
    .nullable(),
  executions: z.array(
    z.strictObject({
      id: z.string(),
      operation_id: z.string(),
      operation_type: z.string().nullable(),
      strategy_id: z.string(),
      participant_code: z.string(),
      status: z.string(),
      status_reason: z.string(),
      updated_at: z.string().nullable(),
    }),
  ),
  operations: z.array(operationSummarySchema),
});
export type TraderDetail = z.infer<typeof traderDetailSchema>;
