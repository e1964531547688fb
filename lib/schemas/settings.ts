// Isomorphic wire schemas of the console's settings API: destination, signing secret, API keys,
// test send, retention and setup. The relay envelope (`success: true`) is part of the answer.
import { z } from "zod";
import { roleSchema } from "./access";

const ok = { success: z.literal(true) };

/** The relay destination as the settings page and the pause switch answer it. */
export const destinationSchema = z.strictObject({ ...ok, callback_url: z.string().nullable(), description: z.string(), paused: z.boolean(), updated_at: z.string().nullable() });
export const relaySettingsSchema = destinationSchema.extend({ signing_secret_masked: z.string() });
export type RelaySettings = z.infer<typeof relaySettingsSchema>;

export const signingSecretSchema = z.strictObject({ ...ok, signing_secret: z.string() });
export const rotatedSecretSchema = signingSecretSchema.extend({ previous_secret_expires_at: z.string() });

export const apiKeySchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    role: roleSchema,
    created_at: z.string(),
    created_by: z.string().nullable(),
    expires_at: z.string().nullable(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: "ApiKey" });
export type ApiKey = z.infer<typeof apiKeySchema>;
export const apiKeysSchema = z.strictObject({ ...ok, api_keys: z.array(apiKeySchema) });
/** the key itself appears in this answer only */
export const createdApiKeySchema = z.strictObject({ ...ok, key: z.string(), api_key: apiKeySchema });
export const revokedApiKeySchema = z.strictObject({ ...ok, api_key: apiKeySchema });

/** POST /api/console/settings/test (and spec §3 POST /api/webhooks/test): success only for a 2xx */
export const testSendSchema = z.strictObject({
  success: z.boolean(),
  callback_url: z.string(),
  status_code: z.number().int().optional(),
  response_time_ms: z.number(),
  error: z.string().optional(),
  delivery_id: z.string(),
});
export type TestSendResponse = z.infer<typeof testSendSchema>;

const pruneCounts = z.strictObject({ inbound_rejected: z.number().int(), inbound_accepted: z.number().int(), delivery_attempts: z.number().int() });
export const retentionSchema = z.strictObject({
  windows_days: z.strictObject({ rejected_inbound: z.number(), accepted_inbound: z.number(), delivered_attempts: z.number() }),
  interval_minutes: z.number(),
  oldest_inbound_at: z.string().nullable(),
  oldest_attempt_at: z.string().nullable(),
  /** false where this process runs no worker (HOOKSCOPE_WORKER=off): the worker's process prunes */
  pruner_here: z.boolean(),
  next_prune_at: z.string().nullable(),
  last_prune_at: z.string().nullable(),
  last_pruned: pruneCounts.nullable(),
  last_error: z.string().nullable(),
});
export type Retention = z.infer<typeof retentionSchema>;

export const setupSchema = z.strictObject({
  base_url: z.string(),
  base_url_from: z.enum(["HOOKSCOPE_PUBLIC_URL", "request"]),
  webhook_urls: z.strictObject({ zerohash: z.string(), pipai: z.string() }),
  secrets: z.strictObject({ zerohash_hmac: z.number().int(), zerohash_rsa_keys: z.number().int(), pipai_subscriptions: z.number().int(), pipai_any: z.number().int() }),
  callback_url_set: z.boolean(),
  simulate_command: z.string(),
});
export type Setup = z.infer<typeof setupSchema>;

/** What a relay-envelope verb returns before the route adds `success: true`. */
export type RelayBody<S extends z.ZodType> = Omit<z.output<S>, "success">;
