// Environment, validated once with zod. Boot (instrumentation.ts) calls getEnv() so a bad value
// stops the server with a readable message instead of failing on the first request.
import fs from "node:fs";
import { z } from "zod";
import { databaseUrl, providerOf } from "./db-url";

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
  WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(86400).default(300),
  HOOKSCOPE_API_KEYS: csv,
  STUCK_AFTER_MINUTES: z.coerce.number().int().min(1).default(30),
  /** off: the server process does not run the delivery worker (run `npm run worker` instead). */
  HOOKSCOPE_WORKER: z.enum(["on", "off", ""]).optional().transform((v) => (v === "off" ? "off" : "on")),
  HOOKSCOPE_WORKER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  HOOKSCOPE_SECRET_ROTATION_GRACE_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
});

export type Env = Omit<z.infer<typeof schema>, "ZEROHASH_RSA_PUBLIC_KEY"> & {
  ZEROHASH_RSA_PUBLIC_KEYS: string[];
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

export function parseEnv(source: Record<string, string | undefined>): Env {
  const r = schema.safeParse(source);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  const { ZEROHASH_RSA_PUBLIC_KEY, ...rest } = r.data;
  return { ...rest, ZEROHASH_RSA_PUBLIC_KEYS: loadPem(ZEROHASH_RSA_PUBLIC_KEY), dbProvider: providerOf(rest.DATABASE_URL) };
}

export function getEnv(): Env {
  if (!cached || cached.source !== process.env) cached = { source: process.env, env: parseEnv(process.env) };
  return cached.env;
}

/** Tests change process.env between cases. */
export function resetEnvCache() {
  cached = undefined;
}
