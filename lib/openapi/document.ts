// The OpenAPI 3.1 document of every HTTP API Hookscope serves, generated from the zod schemas the
// routes parse with (zod-openapi). `app/api/openapi.test.ts` fails when a route is missing here.
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { auditPageSchema, auditQuery, createUserBody, meSchema, roleSchema, updateUserBody, userAnswerSchema, usersSchema } from "@/lib/schemas/access";
import { alertsQuery, backtestsQuery, eventsQuery, inboundQuery, operationsQuery, strategiesQuery, tradersQuery } from "@/lib/schemas/console";
import { acknowledgeBody, acknowledgeResultSchema, anomaliesQuery, anomalyPageSchema } from "@/lib/schemas/anomalies";
import { overviewQuery, overviewSchema } from "@/lib/schemas/overview";
import { deliveriesPageSchema, deliveryCountsSchema, deliveryDetailSchema, retryBulkSchema, retryOneSchema, webhookEventSchema } from "@/lib/schemas/deliveries";
import { eventsPageSchema } from "@/lib/schemas/events";
import { inboundDetailSchema, inboundPageSchema } from "@/lib/schemas/inbound";
import { operationDetailSchema, operationsPageSchema } from "@/lib/schemas/operations";
import { bulkRetryByIds, DELIVERY_STATUSES, deliveriesQuery, deliveryCountsQuery, deliveryFilters, WEBHOOKS_MAX_OFFSET } from "@/lib/schemas/relay";
import {
  apiKeysSchema,
  createdApiKeySchema,
  destinationSchema,
  relaySettingsSchema,
  retentionSchema,
  revokedApiKeySchema,
  rotatedSecretSchema,
  setupSchema,
  signingSecretSchema,
  testSendSchema,
} from "@/lib/schemas/settings";
import { alertsPageSchema, backtestsPageSchema, strategiesPageSchema, strategyDetailSchema } from "@/lib/schemas/strategies";
import { traderDetailSchema, tradersPageSchema } from "@/lib/schemas/traders";
import { searchQuery, searchResultSchema } from "@/lib/schemas/search";

const json = (schema: z.ZodType, description = "OK") => ({ description, content: { "application/json": { schema } } });
const consoleError = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).meta({ id: "ConsoleError" });
const relayError = z.object({ success: z.literal(false), error: z.string() }).meta({ id: "RelayError" });
const idParam = z.object({ id: z.string() });

const consoleErrors = { 400: json(consoleError, "Invalid input"), 401: json(consoleError, "No or invalid credentials"), 403: json(consoleError, "The role does not allow this"), 421: json(consoleError, "Host not served") };
const relayErrors = { 400: json(relayError, "Invalid input"), 401: json(relayError, "Missing or wrong key"), 403: json(relayError, "The key's role does not allow this") };

const list = (summary: string, query: z.ZodObject, page: z.ZodType): ZodOpenApiOperationObject => ({ summary, tags: ["console"], requestParams: { query }, responses: { 200: json(page), ...consoleErrors } });
const read = (summary: string, response: z.ZodType, params?: z.ZodObject): ZodOpenApiOperationObject => ({
  summary,
  tags: ["console"],
  ...(params ? { requestParams: { path: params } } : {}),
  responses: { 200: json(response), ...consoleErrors, ...(params ? { 404: json(consoleError, "Not found") } : {}) },
});
const relayOp = (summary: string, response: z.ZodType, extra: Partial<ZodOpenApiOperationObject> = {}, tag = "relay"): ZodOpenApiOperationObject => ({
  summary,
  tags: [tag],
  responses: { 200: json(response), ...relayErrors },
  ...extra,
});

const profile = z.object({ success: z.literal(true), callback_url: z.string().nullable(), description: z.string(), paused: z.boolean(), updated_at: z.string().nullable() }).meta({ id: "Profile" });
const profilePatch = z.object({ callback_url: z.string().nullable().optional(), description: z.string().max(500).optional() });
const secret = z.object({ success: z.literal(true), signing_secret: z.string() });
const rotated = secret.extend({ previous_secret_expires_at: z.string() });
const webhooksList = z.object({ success: z.literal(true), events: z.array(webhookEventSchema), pagination: z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), has_more: z.boolean() }) });
const webhooksQuery = z.object({ status: z.enum(DELIVERY_STATUSES).optional(), event_type: z.string().optional(), limit: z.number().int().min(1).max(100).optional(), offset: z.number().int().min(0).max(WEBHOOKS_MAX_OFFSET).optional().meta({ description: `Rows to skip, at most ${WEBHOOKS_MAX_OFFSET} (400 past it: narrow with status or event_type)` }) });
const testResult = z.object({ success: z.boolean(), callback_url: z.string(), status_code: z.number().int().optional(), response_time_ms: z.number(), error: z.string().optional(), delivery_id: z.string().optional() });
const intakeAnswer = { description: "Accepted, or a duplicate of an accepted event", content: { "application/json": { schema: z.looseObject({}) } } };
const intakeOp = (summary: string, signature: string): ZodOpenApiOperationObject => ({
  summary,
  description: `Authenticated by the provider's signature (${signature}); see the provider contract. Every request is stored in the inbound log with its outcome.`,
  tags: ["webhooks"],
  security: [],
  requestBody: { content: { "application/json": { schema: z.looseObject({}) } } },
  responses: { 200: intakeAnswer, 400: { description: "Malformed or schema-invalid body, oversized identifier" }, 401: { description: "Bad signature, stale timestamp, replayed signature" }, 405: { description: "Wrong method" }, 413: { description: "Body over 1 MiB" }, 503: { description: "Storage unavailable; retry" } },
});

export const paths: ZodOpenApiPathsObject = {
  "/api/webhooks/zerohash": { post: intakeOp("zerohash Trade Strategy webhook", "x-zh-hook-signature-256 / x-zh-hook-rsa-signature-256") },
  "/api/webhooks/pipai": { post: intakeOp("PipAI webhook", "X-PipAI-Signature") },
  "/metrics": {
    get: {
      summary: "Prometheus metrics",
      description: "Bearer HOOKSCOPE_METRICS_TOKEN or any API key. Served by the production server (npm start / npm run dev).",
      tags: ["health"],
      security: [{ bearer: [] }],
      responses: { 200: { description: "Prometheus text format", content: { "text/plain": { schema: z.string() } } }, 401: { description: "No or wrong token" } },
    },
  },
  "/api/health": { get: { summary: "Health", tags: ["health"], security: [], responses: { 200: json(z.looseObject({ status: z.string() })), 503: { description: "Unhealthy" } } } },

  "/api/me": {
    get: relayOp("The relay profile", profile),
    patch: relayOp("Change the callback URL or description (admin)", profile, { requestBody: { content: { "application/json": { schema: profilePatch } } } }),
  },
  "/api/me/signing-secret": { get: relayOp("The current signing secret (admin)", secret) },
  "/api/me/signing-secret/rotate": { post: relayOp("Rotate the signing secret (admin)", rotated) },
  "/api/webhooks": { get: relayOp("Delivery log, newest first", webhooksList, { requestParams: { query: webhooksQuery } }) },
  "/api/webhooks/test": { post: relayOp("Send a signed webhook.test now (operator)", testResult) },

  "/api/openapi.json": { get: read("This document", z.looseObject({ openapi: z.string() })) },
  "/api/console/stream": {
    get: {
      summary: "Live changes as Server-Sent Events",
      description: "Accepted events, entity status changes, rejected requests and delivery attempts. Each message has an id; reconnect with Last-Event-ID (or ?after=) to catch up; `: ping` every 15 s.",
      tags: ["console"],
      requestParams: { query: z.object({ after: z.string().max(64).optional() }) },
      responses: { 200: { description: "text/event-stream", content: { "text/event-stream": { schema: z.string() } } }, ...consoleErrors },
    },
  },
  "/api/console/me": { get: read("Who is asking: role and fresh sign-in window", meSchema) },
  "/api/console/overview": { get: { ...read("Overview figures for a time range", overviewSchema), requestParams: { query: overviewQuery } } },
  "/api/console/search": { get: { ...read("Find any id", searchResultSchema), requestParams: { query: searchQuery } } },
  "/api/console/operations": { get: list("Operations", operationsQuery, operationsPageSchema) },
  "/api/console/operations/{id}": { get: read("Operation with its executions, timeline and anomalies (`operation` is null while only its executions are known)", operationDetailSchema, idParam) },
  "/api/console/traders": { get: list("Traders", tradersQuery, tradersPageSchema) },
  "/api/console/traders/{id}": { get: read("Trader with its enrollment, executions and operations", traderDetailSchema, idParam) },
  "/api/console/strategies": { get: list("Strategies (both providers)", strategiesQuery, strategiesPageSchema) },
  "/api/console/strategies/{id}": { get: read("Strategy with positions, fills, errors and events", strategyDetailSchema, idParam) },
  "/api/console/events": { get: list("Events explorer", eventsQuery, eventsPageSchema) },
  "/api/console/inbound": { get: list("Inbound log (no bodies; see the detail)", inboundQuery, inboundPageSchema) },
  "/api/console/inbound/{id}": { get: read("One inbound request with its headers and (for rejections, truncated) body", inboundDetailSchema, idParam) },
  "/api/console/settings/retention": { get: read("Retention windows, the oldest rows kept and the next prune", retentionSchema) },
  "/api/console/backtests": { get: list("PipAI backtests", backtestsQuery, backtestsPageSchema) },
  "/api/console/alerts": { get: list("PipAI account alerts", alertsQuery, alertsPageSchema) },
  "/api/console/deliveries": { get: list("Relay deliveries", deliveriesQuery, deliveriesPageSchema) },
  "/api/console/deliveries/{id}": { get: read("A delivery with its attempts", deliveryDetailSchema, idParam) },
  "/api/console/deliveries/{id}/retry": { post: { ...relayOp("Retry one delivery now (operator)", retryOneSchema, {}, "console"), requestParams: { path: idParam } } },
  "/api/console/deliveries/retry": {
    post: relayOp("Retry the deliveries matching the filters, or the listed ids (operator)", retryBulkSchema, { requestBody: { content: { "application/json": { schema: z.union([deliveryFilters, bulkRetryByIds]) } } } }, "console"),
  },
  "/api/console/deliveries/counts": { get: { ...read("Delivery counts per status tab, capped", deliveryCountsSchema), requestParams: { query: deliveryCountsQuery } } },
  "/api/console/setup": { get: read("What to give the providers: webhook URLs, configured secret counts, the simulate command", setupSchema) },
  "/api/console/settings": {
    get: relayOp("Destination and masked signing secret", relaySettingsSchema, {}, "console"),
    patch: relayOp("Change the destination (admin, fresh sign-in)", destinationSchema, { requestBody: { content: { "application/json": { schema: profilePatch } } } }, "console"),
  },
  "/api/console/settings/pause": { post: relayOp("Pause or resume deliveries (operator)", destinationSchema, { requestBody: { content: { "application/json": { schema: z.object({ paused: z.boolean() }) } } } }, "console") },
  "/api/console/settings/test": { post: relayOp("Send a test webhook (operator)", testSendSchema, {}, "console") },
  "/api/console/settings/signing-secret": { get: relayOp("Reveal the signing secret (admin, fresh sign-in)", signingSecretSchema, {}, "console") },
  "/api/console/settings/signing-secret/rotate": { post: relayOp("Rotate the signing secret (admin, fresh sign-in)", rotatedSecretSchema, {}, "console") },
  "/api/console/settings/api-keys": {
    get: relayOp("API keys (admin)", apiKeysSchema, {}, "console"),
    post: relayOp("Create an API key, shown once (admin)", createdApiKeySchema, { requestBody: { content: { "application/json": { schema: z.object({ name: z.string().min(1).max(100), role: roleSchema, expires_in: z.string().nullable().optional() }) } } } }, "console"),
  },
  "/api/console/settings/api-keys/{id}/revoke": { post: { ...relayOp("Revoke an API key (admin)", revokedApiKeySchema, {}, "console"), requestParams: { path: idParam } } },
  "/api/console/users": {
    get: read("Users (admin)", usersSchema),
    post: { ...read("Create a user (admin)", userAnswerSchema), requestBody: { content: { "application/json": { schema: createUserBody } } } },
  },
  "/api/console/users/{id}": { patch: { ...read("Change a user's role, state or password (admin)", userAnswerSchema, idParam), requestBody: { content: { "application/json": { schema: updateUserBody } } } } },
  "/api/console/anomalies": { get: { ...read("Anomalies, newest raised first: filter by rule, provider, entity kind, state and raise time", anomalyPageSchema), requestParams: { query: anomaliesQuery } } },
  "/api/console/anomalies/acknowledge": {
    post: { ...read("Acknowledge anomalies with a note (operator; audited)", acknowledgeResultSchema), requestBody: { content: { "application/json": { schema: acknowledgeBody } } } },
  },
  "/api/console/audit": { get: { ...read("Audit log (admin)", auditPageSchema), requestParams: { query: auditQuery } } },
};

export function openApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: { title: "Hookscope", version: "0.1.0", description: "Webhook intake, the relay API (Suwappu-compatible) and the console API. Console routes take a session cookie or `Authorization: Bearer <API key>`; the relay API takes a key." },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API key (HOOKSCOPE_API_KEYS or a stored key)" }, session: { type: "apiKey", in: "cookie", name: "hookscope.session_token" } } },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  });
}
