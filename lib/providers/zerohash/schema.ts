/**
 * zod v4 schemas for zerohash Trade Strategy webhook bodies (spec: providers.md §1).
 * Objects are loose (unknown fields kept); enum-like fields are plain strings so unknown
 * values are kept verbatim; decimals stay strings. Every string field is an identifier or a code
 * (the spec lists their values): see ../strings.ts for what they refuse.
 */
import { z } from "zod";
import { code, id } from "../strings";

export const ZH_OPERATION = "trade_strategy.operation.status_changed";
export const ZH_EXECUTION = "trade_strategy.execution.status_changed";
export const ZH_TRADER = "trade_strategy.trader.created";

const DECIMAL = /^-?\d+(\.\d+)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const isRfc3339 = (v: string): boolean => RFC3339.test(v) && !Number.isNaN(Date.parse(v));

const decimal = z.string().regex(DECIMAL, "expected a decimal string");
/** Decimal string, or "" until executed. */
const decimalOrEmpty = z
  .string()
  .refine((v) => v === "" || DECIMAL.test(v), 'expected a decimal string or ""')
  .default("");
const timestamp = z.string().refine(isRfc3339, "expected an RFC 3339 date-time");
/** RFC 3339 date-time, or "" until executed. */
const timestampOrEmpty = z
  .string()
  .refine((v) => v === "" || isRfc3339(v), 'expected an RFC 3339 date-time or ""')
  .default("");

export const allocationSchema = z.looseObject({
  underlying_currency: code.min(1),
  weight: decimal,
});

export const operationPayload = z.looseObject({
  id,
  strategy_id: id,
  request_id: code.default(""),
  type: code,
  status: code,
  status_reason: code.default(""),
  allocations: z.array(allocationSchema).default([]),
  created_at: timestamp,
  updated_at: timestamp,
});

export const instructionSchema = z.looseObject({
  underlying_currency: code,
  quoted_currency: code,
  side: code,
  amount: decimal,
  amount_type: code,
  status: code,
  status_reason: code.default(""),
  price: decimalOrEmpty,
  quantity: decimalOrEmpty,
  total_notional: decimalOrEmpty,
  trade_ids: z.array(code).default([]),
  executed_at: timestampOrEmpty,
});

export const executionPayload = z.looseObject({
  id,
  strategy_id: id,
  operation_id: id,
  trader_id: code.default(""),
  participant_code: code,
  account_label: code.default(""),
  status: code,
  status_reason: code.default(""),
  instructions: z.array(instructionSchema).default([]),
  created_at: timestamp,
  updated_at: timestamp,
});

export const traderPayload = z.looseObject({
  id,
  strategy_id: id,
  participant_code: code,
  account_label: code.default(""),
  auto_rebalance: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
});

export type Allocation = z.infer<typeof allocationSchema>;
export type Instruction = z.infer<typeof instructionSchema>;
export type OperationPayload = z.infer<typeof operationPayload>;
export type ExecutionPayload = z.infer<typeof executionPayload>;
export type TraderPayload = z.infer<typeof traderPayload>;

export type ZerohashEvent =
  | { kind: "operation"; payload: OperationPayload }
  | { kind: "execution"; payload: ExecutionPayload }
  | { kind: "trader"; payload: TraderPayload }
  | { kind: "unmodelled"; payload: unknown };

export type ParseResult = { ok: true; event: ZerohashEvent } | { ok: false; reason: string };

const MAX_ISSUES = 8;

/** Per-parse error map: short messages ("expected string", "required"). Schema-level messages win. */
const shortError = (iss: { code?: string; expected?: unknown; input?: unknown }): string | undefined => {
  if (iss.code === "invalid_type") {
    if (iss.input === undefined) return `required (expected ${String(iss.expected)})`;
    return `expected ${String(iss.expected)}`;
  }
  return undefined;
};

function summarize(payloadType: string, error: z.ZodError): string {
  const parts = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.length ? issue.path.map((p) => String(p)).join(".") : "(root)";
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > MAX_ISSUES ? `; … ${error.issues.length - MAX_ISSUES} more` : "";
  return `invalid ${payloadType} payload: ${parts.join("; ")}${more}`;
}

/**
 * Route a parsed JSON body by x-zh-hook-payload-type. Any other type (including an
 * empty one) is accepted as `unmodelled` and returned unchanged.
 */
export function parseZerohash(payloadType: string, json: unknown): ParseResult {
  switch (payloadType) {
    case ZH_OPERATION: {
      const r = operationPayload.safeParse(json, { error: shortError });
      return r.success
        ? { ok: true, event: { kind: "operation", payload: r.data } }
        : { ok: false, reason: summarize(payloadType, r.error) };
    }
    case ZH_EXECUTION: {
      const r = executionPayload.safeParse(json, { error: shortError });
      return r.success
        ? { ok: true, event: { kind: "execution", payload: r.data } }
        : { ok: false, reason: summarize(payloadType, r.error) };
    }
    case ZH_TRADER: {
      const r = traderPayload.safeParse(json, { error: shortError });
      return r.success
        ? { ok: true, event: { kind: "trader", payload: r.data } }
        : { ok: false, reason: summarize(payloadType, r.error) };
    }
    default:
      return { ok: true, event: { kind: "unmodelled", payload: json } };
  }
}
