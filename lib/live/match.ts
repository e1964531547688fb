// Does a row announced by a live message belong to a list with these filters? Each list's filters
// (lib/schemas) are checked against what the message carries; a filter the message cannot decide
// (an event type, a notification id, a status that is about to change) answers "unknown", and the
// caller asks the server for the head of the list instead of guessing. Pure, unit-tested.
import type { EventFilters, InboundFilters, OperationFilters } from "@/lib/schemas/console";
import type { AnomalyFilters } from "@/lib/schemas/anomalies";
import type { DeliveryFilters } from "@/lib/schemas/relay";
import type { LiveFamily } from "./apply";
import type { LiveMessage } from "./message";

export type Verdict = "yes" | "no" | "unknown";

/** Every check must say yes; one no is enough to say no; otherwise it is unknown. */
function all(checks: Verdict[]): Verdict {
  if (checks.includes("no")) return "no";
  return checks.includes("unknown") ? "unknown" : "yes";
}

const yesNo = (b: boolean): Verdict => (b ? "yes" : "no");
/** An id filter is the id or its beginning (lib/schemas/filters idPrefix). */
const prefix = (filter: string | undefined, value: string | null): Verdict => (filter === undefined ? "yes" : value === null ? "no" : yesNo(value.startsWith(filter)));
/** A time range over the row's time, when the message carries it. */
const inRange = (from: Date | undefined, to: Date | undefined, at: string): Verdict => {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return from || to ? "unknown" : "yes";
  return yesNo((from === undefined || t >= from.getTime()) && (to === undefined || t <= to.getTime()));
};
const unknownIfSet = (v: unknown): Verdict => (v === undefined ? "yes" : "unknown");

/** zerohash's entities; PipAI's are its strategies (and a strategy may be either provider's). */
const ZEROHASH_ENTITIES = new Set(["operation", "execution", "trader"]);
function providerOf(m: LiveMessage): string | null {
  return m.kind === "event" && m.entity && ZEROHASH_ENTITIES.has(m.entity) ? "zerohash" : null;
}
const provider = (filter: string | undefined, m: LiveMessage): Verdict => {
  if (filter === undefined) return "yes";
  const p = providerOf(m);
  return p === null ? "unknown" : yesNo(p === filter);
};

/** An operation row: announced by an event of the operation itself (lib/live/apply effectsOf). */
function operation(f: OperationFilters, m: LiveMessage): Verdict {
  return all([
    f.status === undefined ? "yes" : m.status === null ? "unknown" : yesNo((f.status as readonly string[]).includes(m.status)),
    prefix(f.operation_id, m.entity_id),
    f.strategy_id === undefined ? "yes" : m.strategy_id === null ? "unknown" : yesNo(m.strategy_id.startsWith(f.strategy_id)),
    unknownIfSet(f.type),
    // the list's time is the provider's updated_at, not the receipt time the message carries
    unknownIfSet(f.from),
    unknownIfSet(f.to),
  ]);
}

/** A delivery row: enqueued with the accepted event, real, created at its receipt. */
function delivery(f: DeliveryFilters, m: LiveMessage): Verdict {
  return all([
    f.kind === undefined ? "yes" : yesNo(f.kind === "real"),
    prefix(f.operation_id, m.operation_id),
    prefix(f.strategy_id, m.strategy_id),
    inRange(f.from, f.to, m.at),
    // the worker may have moved it on by now: its status and answer are for the server to say
    unknownIfSet(f.status),
    unknownIfSet(f.http_status),
    unknownIfSet(f.event_type),
  ]);
}

/** An inbound-log row: an accepted event's request, or a request that stored none. */
function inbound(f: InboundFilters, m: LiveMessage): Verdict {
  const outcome = m.kind === "event" ? "accepted" : m.status;
  return all([
    f.outcome === undefined ? "yes" : outcome === null ? "unknown" : yesNo(outcome === f.outcome),
    provider(f.provider, m),
    unknownIfSet(f.notification_id),
  ]);
}

/** An events-explorer row: the accepted event itself (`ref` is its id). */
function event(f: EventFilters, m: LiveMessage): Verdict {
  const ids = [m.ref, m.entity_id, m.operation_id, m.strategy_id].filter((v): v is string => v !== null);
  return all([
    provider(f.provider, m),
    inRange(f.from, f.to, m.at),
    unknownIfSet(f.type),
    // any id: one the message names matches for sure; otherwise the provider's own ids may
    f.q === undefined ? "yes" : ids.some((v) => v === f.q || (f.q!.length >= 8 && v.startsWith(f.q!))) ? "yes" : "unknown",
  ]);
}

/** An anomalies-list row: announced when raised (open, not acknowledged), about one entity. */
function anomaly(f: AnomalyFilters, m: LiveMessage): Verdict {
  return all([
    f.state === undefined ? "yes" : yesNo(f.state === "open"),
    f.entity_kind === undefined ? "yes" : m.entity === null ? "unknown" : yesNo(m.entity === f.entity_kind),
    inRange(f.from, f.to, m.at),
    // the rule and the provider are the row's, not the message's
    unknownIfSet(f.rule),
    unknownIfSet(f.provider),
  ]);
}

/** Whether the row `m` announces for `family` belongs to a list showing `filters`. */
export function matchesList(family: LiveFamily, filters: object, m: LiveMessage): Verdict {
  switch (family) {
    case "operations":
      return operation(filters as OperationFilters, m);
    case "deliveries":
      return delivery(filters as DeliveryFilters, m);
    case "inbound":
      return inbound(filters as InboundFilters, m);
    case "events":
      return event(filters as EventFilters, m);
    case "anomalies":
      return anomaly(filters as AnomalyFilters, m);
  }
}


/**
 * New rows of one list: keys the messages decided belong (with the sequence number they arrived
 * at), and ids the last head check found above what is loaded.
 */
export type NewRows = { decided: Map<string, number>; checked: Set<string> };

export const noNewRows = (): NewRows => ({ decided: new Map(), checked: new Set() });

/** How many new rows the banner announces (an id both decided and checked counts once). */
export function newRowCount(r: NewRows): number {
  return r.decided.size + [...r.checked].filter((id) => !r.decided.has(id)).length;
}

/**
 * A head check's answer: the head's rows not loaded are the new ones; it covers every message
 * decided before it was asked for (sequence number below `startedAt`), later ones stay.
 */
export function afterHeadCheck(r: NewRows, headIds: readonly string[], loaded: ReadonlySet<string>, startedAt: number): NewRows {
  return {
    decided: new Map([...r.decided].filter(([, at]) => at >= startedAt)),
    checked: new Set(headIds.filter((id) => !loaded.has(id))),
  };
}
