// Database work written once for SQLite and PostgreSQL, as generators of SQL steps.
//
// The intake transaction is written as `function*` code that yields each statement and gets its
// result back (`const rows = yield* all<Row>(sql, params)`). The SQLite store drives the generator
// synchronously, between BEGIN IMMEDIATE and COMMIT, with nothing else able to run on the thread in
// between; the PostgreSQL store drives the same generator with an await per statement. Same SQL,
// same logic, and on SQLite no interleaving with the Prisma connection (decision 0011).
//
// A statement whose result the work does not read is a `write`: inside a transaction the
// PostgreSQL store sends it without waiting (pipelined behind the statements before it, in one
// round trip with the next statement whose answer the work needs, or with COMMIT); its failure is
// thrown into the work at that next statement, and fails the transaction at the latest at commit.
// The SQLite store runs every statement at once anyway (decision 0024).
//
// A read of keys known in advance can be `send`t ahead and its rows `receive`d later: the statement
// runs at the point it is sent, as any other, but the PostgreSQL store does not wait for it there,
// so it rides in one round trip with the next read the work waits for (an entity's open anomalies
// with its event set). Sent before the next awaited read, received after it, it costs no wait.
//
// SQL text uses `?` placeholders and double-quoted identifiers; stores translate as needed. Values
// are strings, numbers, booleans, Dates or null; stores map Dates and booleans to the column
// encodings Prisma uses, so Prisma reads these rows exactly as if it had written them.

export type SqlValue = string | number | boolean | Date | null;
export type Row = Record<string, unknown>;

export type Step =
  | { op: "run"; sql: string; params: readonly SqlValue[] }
  /** A statement whose outcome the work does not read: a store may answer it later (see above). */
  | { op: "write"; sql: string; params: readonly SqlValue[] }
  | { op: "all"; sql: string; params: readonly SqlValue[] }
  /** A read sent now whose rows the work takes later with `receive` (see above). */
  | { op: "send"; sql: string; params: readonly SqlValue[] }
  | { op: "receive"; sent: Sent<Row> }
  /** Serialises work on one key until the transaction ends (PostgreSQL advisory lock). SQLite
   *  needs none: a write transaction there already holds the database's single write lock. */
  | { op: "lock"; key: string };

export type Work<R> = Generator<Step, R, unknown>;

declare const sentRows: unique symbol;
/** A read that was sent and whose rows are not taken yet: made by a store, handed back to it. */
export type Sent<T extends Row> = { readonly [sentRows]?: T[] };

/** A statement without result rows; returns the number of rows changed. */
export function* run(sql: string, params: readonly SqlValue[] = []): Work<number> {
  return (yield { op: "run", sql, params }) as number;
}

/** A statement whose result the work does not need (it may be sent without waiting, see above). */
export function* write(sql: string, params: readonly SqlValue[] = []): Work<void> {
  yield { op: "write", sql, params };
}

/** A query; returns its rows as column → value objects. */
export function* all<T extends Row>(sql: string, params: readonly SqlValue[] = []): Work<T[]> {
  return (yield { op: "all", sql, params }) as T[];
}

/** Sends a read now and returns a handle for its rows, taken with `receive` (see above). */
export function* send<T extends Row>(sql: string, params: readonly SqlValue[] = []): Work<Sent<T>> {
  return (yield { op: "send", sql, params }) as Sent<T>;
}

/** The rows of a read that `send` sent (waits for them only if no later read has yet). */
export function* receive<T extends Row>(sent: Sent<T>): Work<T[]> {
  return (yield { op: "receive", sent }) as T[];
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

/**
 * The SQL text of a generated statement, made once per table and column list: the intake writes
 * the same few shapes on every event, and rebuilding (and re-validating) them each time is waste.
 * Names come from code (insertRow's typed columns); each is checked by ident() when its text is made.
 */
const texts = new Map<string, string>();
const MAX_TEXTS = 512;
function textOf(key: string, make: () => string): string {
  let t = texts.get(key);
  if (t === undefined) {
    t = make();
    if (texts.size < MAX_TEXTS) texts.set(key, t);
  }
  return t;
}

/** INSERT of one row; undefined columns are left out and take their database defaults. */
export function* insert(table: string, row: Record<string, SqlValue | undefined>): Work<void> {
  const cols: string[] = [];
  const params: SqlValue[] = [];
  for (const c in row) {
    const v = row[c];
    if (v === undefined) continue;
    cols.push(c);
    params.push(v);
  }
  const sql = textOf(`i ${table} ${cols.join(" ")}`, () => `INSERT INTO ${ident(table)} (${cols.map(ident).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`);
  yield* write(sql, params);
}

/**
 * INSERT … ON CONFLICT (id) DO UPDATE of every given column: the projection rows are rebuilt from
 * their full event set, so the new values replace the old ones. `version` counts the rewrites when
 * the table has one.
 */
export function* upsert(table: string, row: { id: string } & Record<string, SqlValue>, opts: { version?: boolean } = {}): Work<void> {
  const cols = Object.keys(row);
  const sql = textOf(`u ${table} ${opts.version ? 1 : 0} ${cols.join(" ")}`, () => {
    const t = ident(table);
    const sets = cols.filter((c) => c !== "id").map((c) => `${ident(c)} = excluded.${ident(c)}`);
    if (opts.version) sets.push(`"version" = ${t}."version" + 1`);
    return `INSERT INTO ${t} (${cols.map(ident).join(", ")}) VALUES (${cols.map(() => "?").join(", ")}) ON CONFLICT ("id") DO UPDATE SET ${sets.join(", ")}`;
  });
  yield* write(
    sql,
    cols.map((c) => row[c] as SqlValue),
  );
}

/** Stored DateTime columns come back as Date (PostgreSQL) or ISO text (SQLite). */
export function asDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === "string" || typeof v === "number") return new Date(v);
  throw new Error(`not a stored date: ${String(v)}`);
}
