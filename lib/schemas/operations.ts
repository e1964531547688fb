// Isomorphic wire schemas of the operations API (GET /api/console/operations[/{id}]).
import { z } from "zod";
import { allocationSchema, anomalySchema, instructionSchema, transitionSchema } from "./lifecycle";
import { pageOf } from "./page";

/** An operation as the lists serve it: its stored state plus list-only flags. */
export const operationSummarySchema = z.strictObject({
  id: z.string(),
  strategy_id: z.string(),
  request_id: z.string(),
  type: z.string(),
  status: z.string(),
  status_reason: z.string(),
  allocations: z.array(allocationSchema),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  first_received_at: z.string(),
  last_received_at: z.string(),
  event_count: z.number().int(),
  anomaly_count: z.number().int(),
  stuck: z.boolean(),
});
export type OperationSummary = z.infer<typeof operationSummarySchema>;
export const operationsPageSchema = pageOf(operationSummarySchema);

export const executionViewSchema = z.strictObject({
  id: z.string(),
  participant_code: z.string(),
  trader_id: z.string(),
  account_label: z.string(),
  status: z.string(),
  status_reason: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  instructions: z.array(instructionSchema),
  transitions: z.array(transitionSchema),
  anomalies: z.array(anomalySchema),
});
export type ExecutionView = z.infer<typeof executionViewSchema>;

/** A stored event as the operation page lists it (the raw payload verbatim). */
export const rawEventSchema = z.strictObject({
  id: z.string(),
  notification_id: z.string(),
  type: z.string(),
  status: z.string().nullable(),
  event_time: z.string().nullable(),
  received_at: z.string(),
  payload: z.string(),
});
export type RawEvent = z.infer<typeof rawEventSchema>;

export const operationDetailSchema = z.strictObject({
  /** null while only execution events of the operation have arrived (out-of-order delivery) */
  operation: operationSummarySchema.nullable(),
  transitions: z.array(transitionSchema),
  executions: z.array(executionViewSchema),
  anomalies: z.array(anomalySchema),
  events: z.array(rawEventSchema),
});
export type OperationDetail = z.infer<typeof operationDetailSchema>;
