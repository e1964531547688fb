// Database work written once for SQLite and PostgreSQL, as generators of SQL steps.
//
// The intake transaction is written as `function*` code that yields each statement and gets its
// result back (`const rows = yield* all<Row>(sql, params)`). The SQLite store drives the generator
// synchronously, between BEGIN IMMEDIATE and COMMIT, with nothing else able to run on the thread in
// between; the PostgreSQL store drives the same generator with an await per statement. Same SQL,
// same logic, and on SQLite no interleaving with the Prisma connection (decision 0011).
//
// SQL text uses `?` placeholders and double-quoted identifiers; stores translate as needed. Values
// are strings, numbers, booleans, Dates or null; stores map Dates and booleans to the column
// encodings Prisma uses, so Prisma reads these rows exactly as if it had written them.

export type SqlValue = string | number | boolean | Date | null;
export type Row = Record<string, unknown>;

export type Step =
  | { op: "run"; sql: string; params: readonly SqlValue[] }
  | { op: "all"; sql: string; params: readonly SqlValue[] }
  /** Serialises work on one key until the transaction ends (PostgreSQL advisory lock). SQLite
   *  needs none: a write transaction there already holds the database's single write lock. */
  | { op: "lock"; key: string };

export type Work<R> = Generator<Step, R, unknown>;

/** A statement without result rows; returns the number of rows changed. */
export function* run(sql: string, params: readonly SqlValue[] = []): Work<number> {
  return (yield { op: "run", sql, params }) as number;
}

/** A query; returns its rows as column → value objects. */
export function* all<T extends Row>(sql: string, params: readonly SqlValue[] = []): Work<T[]> {
  return (yield { op: "all", sql, params }) as T[];
}

export function* first<T extends Row>(sql: string, params: readonly SqlValue[] = []): Work<T | undefined> {
  const rows = yield* all<T>(sql, params);
  return rows[0];
}

export function* lock(key: string): Work<void> {
  yield { op: "lock", key };
}

const ident = (name: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
};

/** INSERT of one row; undefined columns are left out and take their database defaults. */
export function* insert(table: string, row: Record<string, SqlValue | undefined>): Work<void> {
  const entries = Object.entries(row).filter((e): e is [string, SqlValue] => e[1] !== undefined);
  yield* run(
    `INSERT INTO ${ident(table)} (${entries.map(([c]) => ident(c)).join(", ")}) VALUES (${entries.map(() => "?").join(", ")})`,
    entries.map(([, v]) => v),
  );
}

/**
 * INSERT … ON CONFLICT (id) DO UPDATE of every given column: the projection rows are rebuilt from
 * their full event set, so the new values replace the old ones. `version` counts the rewrites when
 * the table has one.
 */
export function* upsert(table: string, row: { id: string } & Record<string, SqlValue>, opts: { version?: boolean } = {}): Work<void> {
  const cols = Object.keys(row);
  const t = ident(table);
  const sets = cols.filter((c) => c !== "id").map((c) => `${ident(c)} = excluded.${ident(c)}`);
  if (opts.version) sets.push(`"version" = ${t}."version" + 1`);
  yield* run(
    `INSERT INTO ${t} (${cols.map(ident).join(", ")}) VALUES (${cols.map(() => "?").join(", ")}) ON CONFLICT ("id") DO UPDATE SET ${sets.join(", ")}`,
    cols.map((c) => row[c] as SqlValue),
  );
}

/** Stored DateTime columns come back as Date (PostgreSQL) or ISO text (SQLite). */
export function asDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === "string" || typeof v === "number") return new Date(v);
  throw new Error(`not a stored date: ${String(v)}`);
}
