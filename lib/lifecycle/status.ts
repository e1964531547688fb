// Status lattices for zerohash operations and executions. Pure; no UI concerns.
export type EntityKind = "operation" | "execution";

export const OPERATION_STATUSES = ["validating", "pricing", "settling", "settled", "skipped", "failed"] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
export const OPERATION_TERMINAL = ["settled", "skipped", "failed"] as const;

export const EXECUTION_STATUSES = ["awaiting_execution", "settled", "skipped", "rejected"] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const EXECUTION_TERMINAL = ["settled", "skipped", "rejected"] as const;

export const OPERATION_RANK: Readonly<Record<OperationStatus, number>> = Object.freeze({
  validating: 0,
  pricing: 1,
  settling: 2,
  settled: 3,
  skipped: 3,
  failed: 3,
});

export const EXECUTION_RANK: Readonly<Record<ExecutionStatus, number>> = Object.freeze({
  awaiting_execution: 0,
  settled: 1,
  skipped: 1,
  rejected: 1,
});

/** Rank shared by every terminal status of the kind. */
export const TERMINAL_RANK: Readonly<Record<EntityKind, number>> = Object.freeze({ operation: 3, execution: 1 });

function rankTable(kind: EntityKind): Readonly<Record<string, number>> {
  return kind === "operation" ? OPERATION_RANK : EXECUTION_RANK;
}

/** Rank of a known status, or null for a status value this module does not know. */
export function statusRank(kind: EntityKind, status: string): number | null {
  const table = rankTable(kind);
  return Object.prototype.hasOwnProperty.call(table, status) ? (table[status] ?? null) : null;
}

export function isKnown(kind: EntityKind, status: string): boolean {
  return statusRank(kind, status) !== null;
}

export function isTerminal(kind: EntityKind, status: string): boolean {
  return statusRank(kind, status) === TERMINAL_RANK[kind];
}

/**
 * Is `from → to` a legal transition? Forward only (rank strictly increases; skipping intermediate
 * steps is allowed), nothing leaves a terminal status, a repeat of the same status is a no-op and
 * therefore NOT a transition (false). `from === null` means "no status yet": any known status is legal.
 * Unknown statuses on either side are never legal transitions.
 */
export function canTransition(kind: EntityKind, from: string | null, to: string): boolean {
  const toRank = statusRank(kind, to);
  if (toRank === null) return false;
  if (from === null) return true;
  const fromRank = statusRank(kind, from);
  if (fromRank === null) return false;
  if (from === to) return false;
  if (fromRank === TERMINAL_RANK[kind]) return false;
  return toRank > fromRank;
}

/**
 * Is `reason` one of the documented status_reason values for `status`?
 * Operation: failed ⇒ no_executions | all_rejected; skipped ⇒ all_skipped | ""; settled ⇒ "" | partial_success;
 * non-terminal ⇒ "". Execution: settled / awaiting_execution ⇒ ""; rejected / skipped ⇒ anything (free-form
 * reason list that zerohash extends). Unknown statuses ⇒ true (nothing to check against).
 */
export function isReasonConsistent(kind: EntityKind, status: string, reason: string): boolean {
  if (kind === "operation") {
    switch (status) {
      case "failed":
        return reason === "no_executions" || reason === "all_rejected";
      case "skipped":
        return reason === "all_skipped" || reason === "";
      case "settled":
        return reason === "" || reason === "partial_success";
      case "validating":
      case "pricing":
      case "settling":
        return reason === "";
      default:
        return true;
    }
  }
  switch (status) {
    case "settled":
    case "awaiting_execution":
      return reason === "";
    default:
      return true;
  }
}
