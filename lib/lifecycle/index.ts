export * from "./types";
export * from "./status";
export { sortEvents, dedupeEvents, compareEvents, sortRank, eventTime } from "./order";
export { reduceOperation } from "./operation";
export { reduceExecution } from "./execution";
export {
  operationAnomalies,
  fillsAnomalies,
  traderAnomalies,
  summarizeFills,
  parseDecimal,
  formatDuration,
  type AnomalyOptions,
  type FillSummary,
} from "./anomalies";
export { parseDuration, parseStuckSla, stuckAnomaly, lagAnomaly, STUCK_STATUSES, type StuckSla } from "./sla";
