// Prometheus metrics (GET /metrics, served by lib/server/http/server.ts). One registry per process,
// kept on globalThis: the node:http intake, the relay worker and Next.js's bundle of the same
// modules must count into the same objects, or a scrape would see only one of them.
import client from "prom-client";
import type { IntakeOutcome } from "@/lib/intake/pipeline";

export type Metrics = {
  registry: client.Registry;
  intakeRequests: client.Counter<"provider" | "outcome" | "reason">;
  intakeDuration: client.Histogram<"provider">;
  relayAttempts: client.Counter<"status_class">;
  retentionPruned: client.Counter<"table">;
};

const KEY = Symbol.for("hookscope.metrics");
type Holder = { [KEY]?: Metrics };

/** Gauges computed at scrape time (backlog, database pool), registered by whoever can compute them. */
export type Collector = (m: Metrics) => Promise<void> | void;

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "hookscope_" });
  return {
    registry,
    intakeRequests: new client.Counter({
      name: "hookscope_intake_requests_total",
      help: "Requests to the webhook endpoints by provider, outcome (accepted, duplicate, rejected, error, rate_limited) and reason class",
      labelNames: ["provider", "outcome", "reason"] as const,
      registers: [registry],
    }),
    intakeDuration: new client.Histogram({
      name: "hookscope_intake_duration_seconds",
      help: "Time from the request's arrival to its answer at the webhook endpoints",
      labelNames: ["provider"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    relayAttempts: new client.Counter({
      name: "hookscope_relay_attempts_total",
      help: "Delivery attempts by the receiver's status class (2xx, 3xx, 4xx, 5xx) or transport_error",
      labelNames: ["status_class"] as const,
      registers: [registry],
    }),
    retentionPruned: new client.Counter({
      name: "hookscope_retention_pruned_rows_total",
      help: "Rows deleted by retention, by table (inbound_rejected, inbound_accepted, delivery_attempts)",
      labelNames: ["table"] as const,
      registers: [registry],
    }),
  };
}

export function metrics(): Metrics {
  const g = globalThis as Holder;
  return (g[KEY] ??= create());
}

/**
 * A bounded label for a rejection's free-text reason (lib/intake/pipeline.ts words them): a label
 * per distinct message would let any sender create series without end.
 */
export function reasonClass(o: IntakeOutcome): string {
  switch (o.kind) {
    case "accepted":
      return "ok";
    case "duplicate":
      return "duplicate";
    case "error":
      return "storage";
    case "rejected":
      break;
  }
  const r = o.reason;
  switch (o.status) {
    case 401:
      return r === "replayed signature" ? "replayed_signature" : "signature";
    case 404:
      return "no_endpoint";
    case 405:
      return "method";
    case 413:
      return "too_large";
  }
  if (r.startsWith("malformed request body")) return "malformed";
  if (r.startsWith("request aborted")) return "aborted";
  if (/ is \d+ characters long \(at most \d+\)$/.test(r)) return "identifier_too_long";
  if (r.startsWith("missing ")) return "missing_header";
  if (r.startsWith("body is not valid UTF-8")) return "invalid_utf8";
  if (r.startsWith("body is not JSON")) return "invalid_json";
  return "invalid_payload";
}

/**
 * The labelled children the intake counts into, made once per label set (a bounded few, see
 * reasonClass) instead of hashing the labels on every request.
 */
const children = new Map<string, { requests: client.Counter.Internal; duration: client.Histogram.Internal<"provider"> }>();

/** Counts one answered intake request; `startedAt` is a performance.now() time. */
export function observeIntake(provider: string, o: IntakeOutcome, startedAt: number) {
  const reason = reasonClass(o);
  const key = `${provider}\u0000${o.kind}\u0000${reason}`;
  let c = children.get(key);
  if (!c) {
    const m = metrics();
    c = { requests: m.intakeRequests.labels(provider, o.kind, reason), duration: m.intakeDuration.labels(provider) };
    children.set(key, c);
  }
  c.requests.inc();
  c.duration.observe((performance.now() - startedAt) / 1000);
}

export function observeRateLimited(provider: string) {
  metrics().intakeRequests.inc({ provider, outcome: "rate_limited", reason: "rate_limit" });
}

/** `null` status: no HTTP answer (timeout, refused address, connection error). */
export function observeRelayAttempt(status: number | null) {
  metrics().relayAttempts.inc({ status_class: status === null ? "transport_error" : `${Math.floor(status / 100)}xx` });
}
