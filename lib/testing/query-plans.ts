// The query plans of the SQL Prisma really sends. Prisma's `$on("query")` logging is not available
// with driver adapters, so the adapter itself is wrapped: every SELECT it is given is first run as
// `EXPLAIN QUERY PLAN …` (SQLite) or `EXPLAIN …` (PostgreSQL) with the same arguments, on the same
// connection, and the plan kept. On PostgreSQL the connections start with enable_seqscan = off, so
// the planner takes an index whenever one can serve the query, whatever the table's size: a plan
// that still says "Seq Scan" has no index to use.
import fs from "node:fs";
import path from "node:path";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlQueryable } from "@prisma/driver-adapter-utils";
import type { Db } from "@/lib/db";
import { providerOf, sqlitePath } from "@/lib/db-url";
import { PrismaClient } from "@/lib/generated/sqlite/client";

export type CapturedPlan = { sql: string; plan: string[] };

/** The tables that grow with traffic: a full scan of one of these is what the plan tests refuse. */
export const GROWING_TABLES = [
  "Event",
  "InboundRequest",
  "Delivery",
  "DeliveryAttempt",
  "Operation",
  "Execution",
  "Trader",
  "Strategy",
  "StrategyGram",
  "StrategyGramCount",
  "Position",
  "Fill",
  "Backtest",
  "AccountAlert",
  "Change",
  "AuditLog",
  // the overview's tallies grow by the hour (a few rows per bucket; lib/server/overview/fold.ts)
  "InboundTally",
  "AttemptTally",
  "RejectionTally",
] as const;

const growing = (t: string) => (GROWING_TABLES as readonly string[]).includes(t);

/**
 * The full scans of growing tables in the plan of `sql`:
 * - SQLite: `SCAN <table>` without an index; `SCAN <table> USING [COVERING] INDEX …` (a walk of a
 *   whole index) too, unless the statement has a LIMIT (a keyset page walks its order's index from
 *   one end and stops);
 * - PostgreSQL: `Seq Scan on <table>`; an index scan without an `Index Cond` (a walk of a whole
 *   index) too, unless the statement has a LIMIT.
 */
export function fullScans(sql: string, plan: readonly string[]): string[] {
  const limited = /\bLIMIT\b/i.test(sql);
  const out: string[] = [];
  for (let i = 0; i < plan.length; i++) {
    const line = plan[i]!;
    const sqlite = /\bSCAN (?:TABLE )?(?:main\.)?"?(\w+)"?(?: AS \w+)?(.*)$/.exec(line);
    if (sqlite && growing(sqlite[1]!)) {
      const viaIndex = /USING (?:COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(sqlite[2]!);
      if (!viaIndex || !limited) out.push(line.trim());
    }
    if (/Seq Scan on "?(\w+)"?/.test(line) && growing(/Seq Scan on "?(\w+)"?/.exec(line)![1]!)) out.push(line.trim());
    const pgIndex = /Index (?:Only )?Scan(?: Backward)? using \S+ on "?(\w+)"?/.exec(line);
    if (pgIndex && growing(pgIndex[1]!) && !limited) {
      // the node's own detail lines run until the next plan node ("->")
      let cond = false;
      for (let j = i + 1; j < plan.length && !plan[j]!.includes("->"); j++) if (/Index Cond:/.test(plan[j]!)) cond = true;
      if (!cond) out.push(line.trim());
    }
  }
  return out;
}

function planLines(provider: "sqlite" | "postgres", rows: unknown[][], columns: string[]): string[] {
  const col = provider === "sqlite" ? columns.indexOf("detail") : 0;
  return rows.map((r) => String(r[col]));
}

function wrap<T extends SqlQueryable>(q: T, provider: "sqlite" | "postgres", sink: { on: boolean; plans: CapturedPlan[] }): T {
  return new Proxy(q, {
    get(target, prop, receiver) {
      if (prop === "queryRaw") {
        return async (query: SqlQuery) => {
          if (sink.on && /^\s*(SELECT|WITH)\b/i.test(query.sql)) {
            const explained = await target.queryRaw({ ...query, sql: `${provider === "sqlite" ? "EXPLAIN QUERY PLAN" : "EXPLAIN"} ${query.sql}` });
            sink.plans.push({ sql: query.sql, plan: planLines(provider, explained.rows as unknown[][], explained.columnNames) });
          }
          return target.queryRaw(query);
        };
      }
      if (prop === "startTransaction") {
        return async (...args: Parameters<SqlDriverAdapter["startTransaction"]>) => wrap(await (target as unknown as SqlDriverAdapter).startTransaction(...args), provider, sink);
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/**
 * A second client on the database `url` names whose reads are explained as they run. `capture(f)`
 * runs `f` with it and returns the plans of every SELECT `f` made.
 */
export async function planCapturingClient(url: string) {
  const provider = providerOf(url);
  const sink = { on: false, plans: [] as CapturedPlan[] };
  let factory: SqlDriverAdapterFactory;
  let client: Db;
  if (provider === "postgres") {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { PrismaClient: PgClient } = await import("@/lib/generated/postgres/client");
    factory = new PrismaPg({ connectionString: url, options: "-c enable_seqscan=off", max: 1 });
    client = new PgClient({ adapter: wrapFactory(factory, provider, sink) }) as unknown as Db;
  } else {
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    const file = sqlitePath(url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    factory = new PrismaBetterSQLite3({ url: `file:${file}` });
    client = new PrismaClient({ adapter: wrapFactory(factory, provider, sink) });
  }
  return {
    db: client,
    async capture(f: (db: Db) => Promise<unknown>): Promise<CapturedPlan[]> {
      sink.plans = [];
      sink.on = true;
      try {
        await f(client);
      } finally {
        sink.on = false;
      }
      return sink.plans;
    },
    close: () => client.$disconnect(),
  };
}

function wrapFactory(factory: SqlDriverAdapterFactory, provider: "sqlite" | "postgres", sink: { on: boolean; plans: CapturedPlan[] }): SqlDriverAdapterFactory {
  return new Proxy(factory, {
    get(target, prop, receiver) {
      if (prop === "connect") return async () => wrap(await target.connect(), provider, sink);
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
