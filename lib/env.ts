// Environment, validated once with zod. Boot (instrumentation.ts) calls getEnv() so a bad value
// stops the server with a readable message instead of failing on the first request.
import fs from "node:fs";
import { z } from "zod";
import { databaseUrl, providerOf } from "./db-url";
import { DEFAULT_LAG_THRESHOLD_TEXT, DEFAULT_STUCK_SLA_TEXT, parseDuration, parseStuckSla } from "./lifecycle/sla";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const csv = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean));

const schema = z.object({
  DATABASE_URL: z.string().optional().transform((v) => databaseUrl({ DATABASE_URL: v })),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  ZEROHASH_WEBHOOK_SECRETS: csv,
  ZEROHASH_RSA_PUBLIC_KEY: z.string().optional(),
  ZEROHASH_ALLOW_LEGACY_SIGNATURES: bool,
  PIPAI_WEBHOOK_SECRETS: z.string().optional(),
  WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(86400).default(300),
  HOOKSCOPE_API_KEYS: csv,
  /** How long an operation/execution may stay in a status: `validating=2m,pricing=5m,settling=15m,awaiting_execution=15m` (statuses left out keep these defaults). */
  HOOKSCOPE_STUCK_SLA: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseStuckSla(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: `${(e as Error).message} (expected status=duration,… such as ${DEFAULT_STUCK_SLA_TEXT})` });
        return z.NEVER;
      }
    }),
  /** An event arriving this long after its own event time raises a provider_lag anomaly (`90s`, `5m`, `1h`). */
  HOOKSCOPE_LAG_THRESHOLD: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseDuration(v?.trim() ? v : DEFAULT_LAG_THRESHOLD_TEXT);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
        return z.NEVER;
      }
    }),
  /** off: the server process does not run the delivery worker (run `npm run worker` instead). */
  HOOKSCOPE_WORKER: z.enum(["on", "off", ""]).optional().transform((v) => (v === "off" ? "off" : "on")),
  HOOKSCOPE_WORKER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Deliveries one worker process claims and sends at once (per pass): its bound on concurrent sends to the destination. */
  HOOKSCOPE_RELAY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  /** A claim older than this belongs to a worker that died mid-pass; another worker takes it over. Above twice the 10 s send timeout. */
  HOOKSCOPE_RELAY_STALE_CLAIM_SECONDS: z.coerce.number().int().min(20).max(3600).default(60),
  HOOKSCOPE_SECRET_ROTATION_GRACE_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
  /** Where staff reach the console (https://hookscope.example.com): its host is allowed, https turns on HSTS and secure cookies. */
  HOOKSCOPE_PUBLIC_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim().replace(/\/+$/, "") : undefined))
    .refine((v) => v === undefined || /^https?:\/\/[^/]+$/.test(v), "must be an http(s) origin such as https://hookscope.example.com"),
  /** Further Host names the console answers to (besides the public URL's host, localhost and 127.0.0.1). */
  HOOKSCOPE_ALLOWED_HOSTS: csv,
  /** The first admin, created at boot when no admin exists; a later change of either never overwrites a user. */
  HOOKSCOPE_ADMIN_EMAIL: z.string().trim().toLowerCase().email().optional().or(z.literal("").transform(() => undefined)),
  HOOKSCOPE_ADMIN_PASSWORD: z.string().optional(),
  /** Signs session cookies; generated and stored in the database when unset. */
  HOOKSCOPE_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional().or(z.literal("").transform(() => undefined)),
  HOOKSCOPE_SESSION_HOURS: z.coerce.number().min(0.25).max(24 * 30).default(12),
  /** Sign-in attempts per client address per minute. */
  HOOKSCOPE_SIGNIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /** true: believe the first X-Forwarded-For address as the client (only behind a proxy you run). */
  HOOKSCOPE_TRUST_PROXY: bool,
  /** Lets the relay call loopback, private and other non-public addresses (local development only). */
  HOOKSCOPE_ALLOW_PRIVATE_CALLBACKS: bool,
  /** Intake answers 503 when storing takes longer than this (PipAI counts 10 s as a failure). */
  HOOKSCOPE_INTAKE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Days rejected (and error) inbound-log rows are kept; 0 keeps them forever. */
  HOOKSCOPE_RETENTION_REJECTED_DAYS: z.coerce.number().min(0).max(36_500).default(7),
  /** Days accepted and duplicate inbound-log rows are kept; 0 keeps them forever. Events are always kept. */
  HOOKSCOPE_RETENTION_INBOUND_DAYS: z.coerce.number().min(0).max(36_500).default(30),
  /** Days the attempt rows of delivered deliveries are kept (by attempt start); 0 keeps them forever. */
  HOOKSCOPE_RETENTION_ATTEMPTS_DAYS: z.coerce.number().min(0).max(36_500).default(30),
  /** How often the worker prunes what is past retention. */
  HOOKSCOPE_RETENTION_INTERVAL_MINUTES: z.coerce.number().min(0.01).max(24 * 60).default(5),
  /** Per client address on the two webhook endpoints: `100/s`, `6000/min`, `50000/h`; unset or `off`: no limit. */
  HOOKSCOPE_INTAKE_RATE_LIMIT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = v?.trim().toLowerCase() ?? "";
      if (t === "" || t === "off") return null;
      const m = /^(\d{1,9})\s*\/\s*(s|sec|second|m|min|minute|h|hour)$/.exec(t);
      if (!m || Number(m[1]) < 1) {
        ctx.addIssue({ code: "custom", message: "must be like 100/s, 6000/min or 50000/h (or off)" });
        return z.NEVER;
      }
      const seconds = m[2]!.startsWith("s") ? 1 : m[2]!.startsWith("m") ? 60 : 3600;
      return { points: Number(m[1]), seconds };
    }),
  /** Concurrent connections the server holds; further ones are refused until some close. */
  HOOKSCOPE_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(1024),
  /** Bearer token Prometheus scrapes GET /metrics with (an API key of any role works too). */
  HOOKSCOPE_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional().or(z.literal("").transform(() => undefined)),
  /** Terminal output: error < warn < info (rejected webhooks, the startup summary) < debug. */
  HOOKSCOPE_LOG_LEVEL: z.enum(["error", "warn", "info", "debug", ""]).optional().transform((v) => v || "info"),
});

/** PipAI secrets per subscription (`X-PipAI-Webhook-Id`); `any` = bare entries valid for every subscription. */
export type PipaiSecrets = { bySubscription: Record<string, string[]>; any: string[] };

export type Env = Omit<z.infer<typeof schema>, "ZEROHASH_RSA_PUBLIC_KEY" | "PIPAI_WEBHOOK_SECRETS"> & {
  ZEROHASH_RSA_PUBLIC_KEYS: string[];
  PIPAI_WEBHOOK_SECRETS: PipaiSecrets;
  dbProvider: "sqlite" | "postgres";
};

let cached: { source: Record<string, string | undefined>; env: Env } | undefined;

/** PEM text inline (\n escapes allowed) or a path to a PEM file. */
function loadPem(value: string | undefined): string[] {
  const v = value?.trim();
  if (!v) return [];
  if (v.includes("-----BEGIN")) return [v.replace(/\\n/g, "\n")];
  try {
    return [fs.readFileSync(v, "utf8")];
  } catch {
    throw new Error(`ZEROHASH_RSA_PUBLIC_KEY: not PEM text and no readable file at that path`);
  }
}

/**
 * `wh_id=secret,wh_id=secret2,bare_secret`: a repeated id keeps every secret (rotation); an entry
 * without `=` applies to any subscription. Only the first `=` splits, so a secret may contain `=`.
 * Errors name the entry by position, never by value.
 */
export function parsePipaiSecrets(value: string | undefined): PipaiSecrets {
  const out: PipaiSecrets = { bySubscription: Object.create(null) as Record<string, string[]>, any: [] };
  const entries = (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  entries.forEach((entry, i) => {
    const eq = entry.indexOf("=");
    if (eq === -1) {
      out.any.push(entry);
      return;
    }
    const id = entry.slice(0, eq).trim();
    const secret = entry.slice(eq + 1).trim();
    if (!id || !secret) throw new Error(`Invalid configuration:\n  PIPAI_WEBHOOK_SECRETS: entry ${i + 1} must be webhook_id=secret or a bare secret\nSee .env.example.`);
    (out.bySubscription[id] ??= []).push(secret);
  });
  return out;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const r = schema.safeParse(source);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  const { ZEROHASH_RSA_PUBLIC_KEY, PIPAI_WEBHOOK_SECRETS, ...rest } = r.data;
  return {
    ...rest,
    ZEROHASH_RSA_PUBLIC_KEYS: loadPem(ZEROHASH_RSA_PUBLIC_KEY),
    PIPAI_WEBHOOK_SECRETS: parsePipaiSecrets(PIPAI_WEBHOOK_SECRETS),
    dbProvider: providerOf(rest.DATABASE_URL),
  };
}

export function getEnv(): Env {
  if (!cached || cached.source !== process.env) cached = { source: process.env, env: parseEnv(process.env) };
  return cached.env;
}

/** Tests change process.env between cases. */
export function resetEnvCache() {
  cached = undefined;
}
