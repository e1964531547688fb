// Typed front of ./work.ts for the tables the intake writes: column names and value types are
// checked against the Prisma models at compile time, so a renamed column fails `tsc`, not intake.
import type { AccountAlert, Anomaly, Backtest, Change, Delivery, Event, Execution, Fill, InboundRequest, Operation, Position, Strategy, Trader } from "@/lib/generated/sqlite/client";
import { insert, upsert, type SqlValue, type Work } from "./work";

type Tables = {
  Event: Event;
  InboundRequest: InboundRequest;
  Delivery: Delivery;
  Operation: Operation;
  Execution: Execution;
  Trader: Trader;
  Strategy: Strategy;
  Position: Position;
  Fill: Fill;
  Backtest: Backtest;
  AccountAlert: AccountAlert;
  Change: Change;
  Anomaly: Anomaly;
};

type Columns<T extends keyof Tables> = { [K in keyof Tables[T]]?: Tables[T][K] & SqlValue } & { id: string };

/** One INSERT; columns left out take their database defaults. */
export function insertRow<T extends keyof Tables>(table: T, row: Columns<T>): Work<void> {
  return insert(table, row);
}

/** INSERT … ON CONFLICT ("id") DO UPDATE of the given columns (`version` + 1 when asked). */
export function upsertRow<T extends keyof Tables>(table: T, row: Columns<T>, opts: { version?: boolean } = {}): Work<void> {
  return upsert(table, row as { id: string } & Record<string, SqlValue>, opts);
}
