// Shared reducer core: walks a sorted event set over a status lattice. Internal to lib/lifecycle.
import type { Anomaly, LifecycleEvent, LifecycleSummary, Transition } from "./types";
import { canTransition, isKnown, isReasonConsistent, isTerminal, type EntityKind } from "./status";
import { sortEvents } from "./order";

type Sequenced = { status: string; status_reason: string; updated_at: string };

export type Walk<P extends Sequenced> = {
  sorted: LifecycleEvent<P>[];
  transitions: Transition[];
  /** per-event anomalies, in walk order */
  anomalies: Anomaly[];
  /** the event that set the current status */
  current: LifecycleEvent<P>;
  /** distinct known statuses present in the set */
  seenKnown: Set<string>;
  first_received_at: string;
  last_received_at: string;
};

function iso(d: Date): string {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : "";
}

export function walkEvents<P extends Sequenced>(
  kind: EntityKind,
  label: (p: P) => string,
  events: readonly LifecycleEvent<P>[],
): Walk<P> | null {
  const sorted = sortEvents(kind, events);
  const first = sorted[0];
  if (!first) return null;

  const transitions: Transition[] = [];
  const anomalies: Anomaly[] = [];
  const seenKnown = new Set<string>();
  let status: string | null = null;
  let knownApplied = false;
  let current: LifecycleEvent<P> = first;

  for (const e of sorted) {
    const p = e.payload;
    const s = p.status;
    const base = {
      notification_id: e.notificationId,
      from: status,
      status: s,
      status_reason: p.status_reason,
      updated_at: p.updated_at,
      received_at: iso(e.receivedAt),
    };
    let applied = false;
    let anomaly: Anomaly | undefined;

    if (!isKnown(kind, s)) {
      applied = !knownApplied && s !== status;
      anomaly = {
        code: "unknown_status",
        severity: "warning",
        message:
          `${label(p)}: unknown status ${JSON.stringify(s)} kept verbatim` +
          (knownApplied ? `; not applied, known status ${JSON.stringify(status)} stays current` : ""),
        at: p.updated_at,
      };
    } else {
      seenKnown.add(s);
      if (!knownApplied || canTransition(kind, status, s)) {
        applied = true;
      } else if (s !== status && status !== null && isTerminal(kind, status) && isTerminal(kind, s)) {
        anomaly = {
          code: "two_terminal_statuses",
          severity: "critical",
          message: `${label(p)}: a second terminal status ${s} after ${status}; ignored, status stays ${status}`,
          at: p.updated_at,
        };
      } else if (s !== status) {
        anomaly = {
          code: "impossible_transition",
          severity: "critical",
          message: `${label(p)}: impossible transition ${status} → ${s}; ignored, status stays ${status}`,
          at: p.updated_at,
        };
      }
      // else: repeat of the current status under another notification id — recorded, not applied, no anomaly.
      if (applied && !isReasonConsistent(kind, s, p.status_reason)) {
        anomaly = {
          code: "terminal_reason_mismatch",
          severity: "warning",
          message: `${label(p)}: status_reason ${JSON.stringify(p.status_reason)} is not documented for status ${s}`,
          at: p.updated_at,
        };
      }
    }

    if (applied) {
      status = s;
      current = e;
      if (isKnown(kind, s)) knownApplied = true;
    }
    transitions.push(anomaly ? { ...base, applied, anomaly } : { ...base, applied });
    if (anomaly) anomalies.push(anomaly);
  }

  // Every delivery counts for received bounds (retries included): min/max are duplication-invariant.
  let minR = Number.POSITIVE_INFINITY;
  let maxR = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    const t = e.receivedAt instanceof Date ? e.receivedAt.getTime() : Number.NaN;
    if (Number.isNaN(t)) continue;
    if (t < minR) minR = t;
    if (t > maxR) maxR = t;
  }
  return {
    sorted,
    transitions,
    anomalies,
    current,
    seenKnown,
    first_received_at: Number.isFinite(minR) ? new Date(minR).toISOString() : "",
    last_received_at: Number.isFinite(maxR) ? new Date(maxR).toISOString() : "",
  };
}

/** Value of `pick` from the latest (sorted) event where it is non-empty; `fallback` otherwise. */
export function latestNonEmpty<P, T>(
  sorted: readonly LifecycleEvent<P>[],
  pick: (p: P) => T | undefined | null,
  isEmpty: (v: T) => boolean,
  fallback: T,
): T {
  for (let i = sorted.length - 1; i >= 0; i--) {
    const ev = sorted[i];
    if (!ev) continue;
    const v = pick(ev.payload);
    if (v !== undefined && v !== null && !isEmpty(v)) return v;
  }
  return fallback;
}

export const emptyStr = (s: string): boolean => s === "";
export const emptyArr = (a: readonly unknown[]): boolean => a.length === 0;
export const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** For each key, the latest non-empty string the sorted events carried (identity fields). */
export function latestStrings<P extends object, K extends keyof P & string>(sorted: readonly LifecycleEvent<P>[], keys: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const k of keys) out[k] = latestNonEmpty(sorted, (p) => str(p[k]), emptyStr, "");
  return out;
}

/** The state fields every reduced entity shares, read off its walk. */
export function walkSummary<P extends Sequenced>(w: Walk<P>): LifecycleSummary {
  const cur = w.current.payload;
  const last = w.sorted[w.sorted.length - 1] ?? w.current;
  return {
    status: cur.status,
    status_reason: str(cur.status_reason),
    updated_at: str(cur.updated_at),
    last_event_at: str(last.payload.updated_at),
    first_received_at: w.first_received_at,
    last_received_at: w.last_received_at,
    event_count: w.sorted.length,
  };
}
