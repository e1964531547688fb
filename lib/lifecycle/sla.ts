// Time-based anomaly rules: stuck per status (HOOKSCOPE_STUCK_SLA) and provider lag
// (HOOKSCOPE_LAG_THRESHOLD). Pure; the clock is injected.
import { EXECUTION_STATUSES, EXECUTION_TERMINAL, OPERATION_STATUSES, OPERATION_TERMINAL } from "./status";
import type { Anomaly } from "./types";

/** Statuses an entity can be stuck in: the non-terminal zerohash operation and execution statuses. */
export const STUCK_STATUSES: readonly string[] = [
  ...OPERATION_STATUSES.filter((s) => !(OPERATION_TERMINAL as readonly string[]).includes(s)),
  ...EXECUTION_STATUSES.filter((s) => !(EXECUTION_TERMINAL as readonly string[]).includes(s)),
];

/** Milliseconds an entity may stay in each non-terminal status before it counts as stuck. */
export type StuckSla = Readonly<Record<string, number>>;

export const DEFAULT_STUCK_SLA_TEXT = "validating=2m,pricing=5m,settling=15m,awaiting_execution=15m";
export const DEFAULT_LAG_THRESHOLD_TEXT = "5m";

/** `2h 5m`, `45s`: the two largest units of a duration. */
export function formatDuration(ms: number): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const parts: string[] = [];
  if (d) parts.push(`${d}d`);
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (sec || parts.length === 0) parts.push(`${sec}s`);
  return parts.slice(0, 2).join(" ");
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `2m`, `1h`, `1.5h`, `500ms`, `1d` → milliseconds (> 0); throws with what is wrong. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim().toLowerCase());
  if (!m) throw new Error(`${JSON.stringify(text)} is not a duration such as 90s, 2m or 1h`);
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
  if (!(ms > 0)) throw new Error(`${JSON.stringify(text)} must be longer than zero`);
  return ms;
}

/**
 * `status=duration,…` over the stuck statuses. Statuses left out keep their default; an unknown
 * status, a repeated one or a bad duration throws with the entry named.
 */
export function parseStuckSla(text: string | undefined): StuckSla {
  const out: Record<string, number> = {};
  for (const source of [DEFAULT_STUCK_SLA_TEXT, text ?? ""]) {
    const seen = new Set<string>();
    for (const entry of source.split(",").map((s) => s.trim()).filter(Boolean)) {
      const eq = entry.indexOf("=");
      if (eq === -1) throw new Error(`entry ${JSON.stringify(entry)} must be status=duration (e.g. pricing=5m)`);
      const status = entry.slice(0, eq).trim();
      if (!STUCK_STATUSES.includes(status)) throw new Error(`unknown status ${JSON.stringify(status)}; one of ${STUCK_STATUSES.join(", ")}`);
      if (seen.has(status)) throw new Error(`status ${status} is given twice`);
      seen.add(status);
      try {
        out[status] = parseDuration(entry.slice(eq + 1));
      } catch (e) {
        throw new Error(`${status}: ${(e as Error).message}`);
      }
    }
  }
  return Object.freeze(out);
}

export type StuckSubject = { kind: "operation" | "execution"; id: string; status: string; /** ISO or Date: when the current status was entered */ since: string | Date | null };

/** The `stuck` anomaly when `subject` has sat in a status with an SLA for longer than it; null otherwise. */
export function stuckAnomaly(subject: StuckSubject, now: Date, sla: StuckSla): Anomaly | null {
  const limit = Object.hasOwn(sla, subject.status) ? sla[subject.status] : undefined;
  if (limit === undefined || subject.since === null) return null;
  const since = subject.since instanceof Date ? subject.since.getTime() : Date.parse(subject.since);
  if (Number.isNaN(since)) return null;
  const age = now.getTime() - since;
  if (age <= limit) return null;
  const at = new Date(since).toISOString();
  return {
    code: "stuck",
    severity: "warning",
    message: `${subject.kind} ${subject.id} stuck in ${JSON.stringify(subject.status)} for ${formatDuration(age)} (SLA ${formatDuration(limit)}, since ${at})`,
    at,
  };
}

/** One delivery of an event: the provider's event time and when it reached us. */
export type Arrival = { event_at: string; received_at: string };

/**
 * `provider_lag` when some event of the entity arrived more than `thresholdMs` after its own event
 * time; the worst one is reported. Unparseable times are skipped.
 */
export function lagAnomaly(arrivals: readonly Arrival[], thresholdMs: number): Anomaly | null {
  let worst: { lag: number; a: Arrival } | null = null;
  for (const a of arrivals) {
    const lag = Date.parse(a.received_at) - Date.parse(a.event_at);
    if (Number.isNaN(lag) || lag <= thresholdMs) continue;
    if (!worst || lag > worst.lag) worst = { lag, a };
  }
  if (!worst) return null;
  return {
    code: "provider_lag",
    severity: "warning",
    message: `an event dated ${worst.a.event_at} arrived ${formatDuration(worst.lag)} later (threshold ${formatDuration(thresholdMs)})`,
    at: worst.a.event_at,
  };
}
