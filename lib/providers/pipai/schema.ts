/**
 * zod v4 schemas for PipAI webhook bodies (spec: providers.md §2): an envelope
 * `{id, type, created_at, data}` with one `data` shape per event type. Objects are loose (unknown
 * fields kept), enum-like fields are plain strings (unknown values kept verbatim), decimals stay
 * strings. Types this module does not know are accepted with their `data` unvalidated (but for a
 * `strategy_id`, which files them under a strategy). `name` and `message` are free text; every other
 * string is an identifier or a code (../strings.ts says what each refuses).
 */
import { z } from "zod";
import { code, freeText, id } from "../strings";

export const PIPAI_TYPES = [
  "strategy.created",
  "strategy.deployed",
  "strategy.paused",
  "strategy.stopped",
  "strategy.position_opened",
  "strategy.position_closed",
  "strategy.order_filled",
  "strategy.error",
  "backtest.job_done",
  "backtest.job_failed",
  "account.balance_low",
  "account.api_key_rotated",
] as const;
export type PipaiType = (typeof PIPAI_TYPES)[number];
export const PIPAI_TEST_TYPE = "webhook.test";

const DECIMAL = /^-?\d+(\.\d+)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

const decimal = z.string().regex(DECIMAL, "expected a decimal string");
const timestamp = z.string().refine((v) => ISO.test(v) && !Number.isNaN(Date.parse(v)), "expected an ISO 8601 date-time");
/**
 * Integer leverage or count; an integer string is tolerated and normalised to a number. Stored in
 * 32-bit INTEGER columns: PostgreSQL refuses anything wider, so both databases refuse it here.
 */
const int = z
  .union([z.number().int(), z.string().regex(/^-?\d{1,10}$/).transform(Number)])
  .pipe(z.number().min(-2147483648, "outside the 32-bit integer range").max(2147483647, "outside the 32-bit integer range"));
/** Backtest metrics: decimal strings, or JSON numbers normalised to their shortest decimal text. */
const metric = z.union([decimal, z.number().finite().transform((n) => String(n))]);

const strategyRef = { strategy_id: id };

export const dataSchemas = {
  "strategy.created": z.looseObject({ ...strategyRef, name: freeText.default(""), status: code.default("draft") }),
  "strategy.deployed": z.looseObject({
    ...strategyRef,
    name: freeText.default(""),
    capital: decimal,
    leverage: int,
    deployed_at: timestamp,
    dry_run: z.boolean().optional(),
  }),
  "strategy.paused": z.looseObject({ ...strategyRef, status: code.default("paused") }),
  "strategy.stopped": z.looseObject({ ...strategyRef, status: code.default("stopped") }),
  "strategy.position_opened": z.looseObject({
    ...strategyRef,
    position_id: id,
    symbol: code.min(1),
    side: code,
    entry_price: decimal,
    qty: decimal,
    leverage: int,
    opened_at: timestamp,
  }),
  "strategy.position_closed": z.looseObject({
    ...strategyRef,
    position_id: id,
    symbol: code.min(1),
    side: code,
    entry_price: decimal,
    exit_price: decimal,
    qty: decimal,
    exit_qty: decimal,
    pnl: decimal,
    leverage: int,
    opened_at: timestamp,
    closed_at: timestamp,
  }),
  "strategy.order_filled": z.looseObject({
    ...strategyRef,
    order_id: id,
    symbol: code.min(1),
    side: code,
    type: code.default(""),
    price: decimal,
    qty: decimal,
    filled_at: timestamp,
  }),
  "strategy.error": z.looseObject({ ...strategyRef, error_code: code, message: freeText.default("") }),
  "backtest.job_done": z.looseObject({
    job_id: id,
    metrics: z.looseObject({
      total_return: metric,
      sharpe: metric,
      max_drawdown: metric,
      win_rate: metric,
      total_trades: int,
      profit_factor: metric,
    }),
  }),
  "backtest.job_failed": z.looseObject({ job_id: id, error_code: code, message: freeText.default("") }),
  "account.balance_low": z.looseObject({ asset: code.min(1), balance: decimal, threshold: decimal }),
  "account.api_key_rotated": z.looseObject({ key_id: id, rotated_at: timestamp }),
} satisfies Record<PipaiType, z.ZodType>;

export type PipaiData<T extends PipaiType> = z.infer<(typeof dataSchemas)[T]>;

export const envelopeSchema = z.looseObject({
  id,
  type: code.min(1),
  created_at: timestamp,
  data: z.unknown(),
});
type EnvelopeBase = { id: string; created_at: string };

type Modelled = { [T in PipaiType]: EnvelopeBase & { kind: "modelled"; type: T; data: PipaiData<T> } }[PipaiType];
/** `webhook.test` and types this module does not know: stored raw, projected nowhere. */
type Raw = EnvelopeBase & { kind: "test" | "unmodelled"; type: string; data: unknown };
export type PipaiEvent = Modelled | Raw;

export const isPipaiType = (t: string): t is PipaiType => (PIPAI_TYPES as readonly string[]).includes(t);

const MAX_ISSUES = 8;
const shortError = (iss: { code?: string; expected?: unknown; input?: unknown }): string | undefined => {
  if (iss.code === "invalid_type") return iss.input === undefined ? `required (expected ${String(iss.expected)})` : `expected ${String(iss.expected)}`;
  return undefined;
};

function summarize(what: string, error: z.ZodError, prefix: string[] = []): string {
  const parts = error.issues.slice(0, MAX_ISSUES).map((i) => {
    const path = [...prefix, ...i.path.map(String)];
    return `${path.length ? path.join(".") : "(root)"}: ${i.message}`;
  });
  const more = error.issues.length > MAX_ISSUES ? `; … ${error.issues.length - MAX_ISSUES} more` : "";
  return `invalid ${what} payload: ${parts.join("; ")}${more}`;
}

export type PipaiParseResult = { ok: true; event: PipaiEvent } | { ok: false; reason: string };

/** Validates the envelope, then `data` by the body's own `type` (the header must agree; see consistency). */
export function parsePipai(json: unknown): PipaiParseResult {
  const env = envelopeSchema.safeParse(json, { error: shortError });
  if (!env.success) return { ok: false, reason: summarize("PipAI envelope", env.error) };
  const e = env.data;
  if (!isPipaiType(e.type)) {
    // an unmodelled event that names a strategy is filed under it (an indexed column)
    const strategyId = (e.data as { strategy_id?: unknown } | null)?.strategy_id;
    if (typeof strategyId === "string") {
      const r = code.safeParse(strategyId);
      if (!r.success) return { ok: false, reason: summarize(e.type, r.error, ["data", "strategy_id"]) };
    }
    return { ok: true, event: { id: e.id, created_at: e.created_at, type: e.type, kind: e.type === PIPAI_TEST_TYPE ? "test" : "unmodelled", data: e.data } };
  }
  const d = dataSchemas[e.type].safeParse(e.data, { error: shortError });
  if (!d.success) return { ok: false, reason: summarize(e.type, d.error, ["data"]) };
  return { ok: true, event: { id: e.id, created_at: e.created_at, kind: "modelled", type: e.type, data: d.data } as Modelled };
}

/** Headers must agree with the body: X-PipAI-Event-Id = id, X-PipAI-Event-Type = type. */
export function pipaiConsistency(ev: PipaiEvent, meta: { payloadType: string | null; externalId: string | null }): string | null {
  const problems: string[] = [];
  if (meta.externalId !== ev.id) problems.push(`X-PipAI-Event-Id ${JSON.stringify(meta.externalId)} ≠ body id ${JSON.stringify(ev.id)}`);
  if (meta.payloadType !== ev.type) problems.push(`X-PipAI-Event-Type ${JSON.stringify(meta.payloadType)} ≠ body type ${JSON.stringify(ev.type)}`);
  return problems.length ? `headers disagree with the body: ${problems.join("; ")}` : null;
}
