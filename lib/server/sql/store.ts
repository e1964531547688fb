// The intake's own connection to the database DATABASE_URL names, driving Work generators
// (./work.ts). Prisma stays the way the console, the relay and the tools read and write; the intake
// hot path runs its few statements straight through the driver (decision 0011: Prisma 6's client
// engine costs about 1 ms per statement here, the driver a few tens of µs).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseUrl, providerOf, sqlitePath, type DbProvider } from "@/lib/db-url";
import { acquireCheckpointer, WAL_RESTART_BYTES } from "./checkpointer";
import { markStorageFailed, sqliteDiskSync, storageFailure } from "./disk-sync";
import type { Row, SqlValue, Step, Work } from "./work";

export type SqlStore = {
  provider: DbProvider;
  /** Runs `work` in one transaction: everything commits or nothing does. */
  transaction<R>(work: () => Work<R>): Promise<R>;
  /** Runs `work` without a transaction (each statement commits on its own). */
  execute<R>(work: () => Work<R>): Promise<R>;
  close(): Promise<void>;
  /** Transactions committed since start (on SQLite a batch of works is one). */
  commits(): number;
  /** PostgreSQL: answers waited for since start (round trips; pipelined statements ride along). */
  roundTrips?(): number;
  /** PostgreSQL: the pool's connections by state, for /metrics; SQLite has one connection. */
  pool?(): { total: number; idle: number; waiting: number };
};

/** How long a transaction waits for another writer (another process, or Prisma's connection). */
const LOCK_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

// ---------------------------------------------------------------------------------------------
// SQLite: one better-sqlite3 connection, work driven synchronously, with group commit.
//
// The connection never sleeps inside SQLite's busy handler (timeout 0): that would block the whole
// event loop, including the Prisma connection that may be the lock holder, until the timeout. A
// busy BEGIN IMMEDIATE is retried after an asynchronous pause instead. Once BEGIN IMMEDIATE holds
// the write lock, the batch runs to COMMIT without yielding the thread, so nothing else in this
// process can touch the database in the middle of it.
//
// Group commit: transactions requested in the same turn of the event loop share one BEGIN … COMMIT.
// A batch runs first inside one SAVEPOINT for all of it; if every work succeeds (the usual case)
// that is all. If one fails, the batch is rolled back to that savepoint and run again with a
// SAVEPOINT per work, so the failed work is rolled back and rejected alone and the others commit
// together. A work may therefore run twice: it acts only through its statements.
//
// Durability off the event loop: with synchronous = NORMAL, COMMIT writes the WAL without waiting
// for the disk; the fsync of the WAL file then runs on libuv's thread pool, and nobody is answered
// before an fsync that started after their COMMIT has finished. So every acknowledged event is on
// disk before its 2xx, as with synchronous = FULL, but the thread keeps reading and committing
// requests while the disk works, and one fsync covers every commit made meanwhile (decision 0011).

/** Prisma's better-sqlite3 adapter writes DateTime as ISO text with +00:00 and booleans as 0/1. */
const sqliteValue = (v: SqlValue): string | number | null =>
  v instanceof Date ? v.toISOString().replace("Z", "+00:00") : typeof v === "boolean" ? (v ? 1 : 0) : v;

/** Most works in one commit, and the time after which a batch commits with what it has: both
 *  bound how long one batch holds the thread. */
const MAX_BATCH = 64;
const MAX_BATCH_MS = 20;

type Queued = { work: () => Work<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

function sqliteStore(file: string): SqlStore {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 0 });
  db.pragma("journal_mode = WAL");
  // durability comes from disk.sync() below, before any answer (the ack is a durability promise)
  db.pragma("synchronous = NORMAL");
  db.pragma(`journal_size_limit = ${WAL_RESTART_BYTES}`);
  // the background checkpointer copies the WAL into the database; without it (or if it dies),
  // SQLite does so itself at commit time every 1000 pages
  const checkpointer = acquireCheckpointer(file, () => {
    if (db.open) db.pragma("wal_autocheckpoint = 1000");
  });
  if (checkpointer) db.pragma("wal_autocheckpoint = 0");
  // savepoint sub-journals in memory instead of temporary files
  db.pragma("temp_store = MEMORY");
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const begin = prepare("BEGIN IMMEDIATE");
  const commit = prepare("COMMIT");
  const rollback = prepare("ROLLBACK");
  const savepoint = prepare("SAVEPOINT work");
  const release = prepare("RELEASE work");
  const rollbackTo = prepare("ROLLBACK TO work");
  const savepointBatch = prepare("SAVEPOINT batch");
  const releaseBatch = prepare("RELEASE batch");
  const rollbackToBatch = prepare("ROLLBACK TO batch");

  const step = (s: Step): unknown => {
    if (s.op === "lock") return undefined;
    // a sent read has run already, in its place among the statements: its rows wait in the handle
    if (s.op === "receive") return (s.sent as { rows: Row[] }).rows;
    const stmt = prepare(s.sql);
    const params = s.params.map(sqliteValue);
    if (s.op === "send") return { rows: stmt.all(params) as Row[] };
    if (s.op !== "all" || !stmt.reader) return stmt.run(params).changes;
    return stmt.all(params) as Row[];
  };

  const drive = <R>(work: Work<R>, inTransaction: boolean): R => {
    let next = work.next();
    while (!next.done) {
      let result: unknown;
      try {
        result = step(next.value);
      } catch (e) {
        // An error that made SQLite roll the whole transaction back (disk full, I/O) must not be
        // handed to the work: its next statements would run, and commit, outside any transaction.
        if (inTransaction && !db.inTransaction) throw e;
        next = work.throw(e);
        continue;
      }
      next = work.next(result);
    }
    return next.value;
  };

  const isBusy = (e: unknown) => {
    const code = String((e as { code?: unknown }).code);
    // extended codes too: SQLITE_BUSY_RECOVERY, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_TIMEOUT, …
    return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
  };

  /** Retries `attempt` while SQLite reports another writer, pausing asynchronously in between. */
  const whenNotBusy = async <R>(attempt: () => R): Promise<R> => {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let pause = 1; ; pause = Math.min(pause * 2, 4)) {
      try {
        return attempt();
      } catch (e) {
        if (!isBusy(e) || Date.now() > deadline) throw e;
        await sleep(pause);
      }
    }
  };

  // --- fsync of the WAL file on the thread pool, shared by everyone waiting -------------------
  const disk = sqliteDiskSync(file);
  let waiting: ((e?: unknown) => void)[] = [];
  /**
   * While the fsync loop runs: `done` settles once it has nothing left to do, `round` once the fsync
   * under way has finished. A batch waits for `round` only: under a steady stream of execute()
   * calls the loop always has someone waiting, and a batch waiting for `done` waited as long as
   * the stream lasted (every transaction of the process, intake and relay alike, held back).
   */
  let syncing: { done: Promise<void>; round: Promise<void> } | null = null;
  /** Calls `done` once everything committed so far is on disk (or with the error if it cannot be). */
  const whenDurable = (done: (e?: unknown) => void) => {
    waiting.push(done);
    if (syncing) return;
    let finished!: () => void;
    const loop: { done: Promise<void>; round: Promise<void> } = (syncing = { done: new Promise<void>((r) => (finished = r)), round: Promise.resolve() });
    void (async () => {
      while (waiting.length > 0) {
        const these = waiting;
        waiting = [];
        // from the first failure on this rejects, for good (disk-sync.ts)
        const synced = disk.sync().then(
          () => undefined,
          (e: unknown) => e,
        );
        loop.round = synced.then(() => undefined);
        const error = await synced;
        for (const d of these) d(error);
      }
      syncing = null;
      finished();
    })();
  };

  let queue: Queued[] = [];
  let flushing = false;
  let commits = 0;

  /**
   * Runs the works of `batch` in order until MAX_BATCH_MS has passed (counted from `started`); how
   * many ran goes to `progress.ran`. With `isolated`, each runs in its own savepoint and a failure
   * rejects that work alone; without, the first failure is thrown.
   */
  const runWorks = (batch: Queued[], isolated: boolean, started: number, progress: { ran: number }): (() => void)[] => {
    const settled: (() => void)[] = [];
    for (let i = 0; i < batch.length; i++) {
      if (i > 0 && performance.now() - started > MAX_BATCH_MS) break;
      const q = batch[i]!;
      progress.ran = i + 1;
      if (!isolated) {
        const out = drive(q.work(), true);
        settled.push(() => q.resolve(out));
        continue;
      }
      savepoint.run();
      try {
        const out = drive(q.work(), true);
        release.run();
        settled.push(() => q.resolve(out));
      } catch (e) {
        // Some errors (disk full, I/O) make SQLite roll back the whole transaction itself: then
        // nothing of this batch is stored, and everyone in it must hear so.
        if (!db.inTransaction) throw e;
        rollbackTo.run();
        release.run();
        settled.push(() => q.reject(e));
      }
    }
    return settled;
  };

  /**
   * Runs one batch in one transaction and settles the promise of every work it ran, after the
   * fsync. Returns the works it had no time for (MAX_BATCH_MS): they touched nothing and go back to
   * the front of the queue. Never throws.
   */
  const runBatch = (batch: Queued[]): Queued[] => {
    const started = performance.now();
    const progress = { ran: batch.length };
    let settled: (() => void)[];
    try {
      if (batch.length === 1) {
        // alone in its batch, a work's failure rolls the whole transaction back (below)
        settled = runWorks(batch, false, started, progress);
      } else {
        savepointBatch.run();
        try {
          settled = runWorks(batch, false, started, progress);
          releaseBatch.run();
        } catch (e) {
          if (!db.inTransaction) throw e;
          // one work failed: undo them all and run them again, each in its own savepoint
          rollbackToBatch.run();
          releaseBatch.run();
          settled = runWorks(batch, true, started, progress);
        }
      }
      commit.run();
      commits++;
    } catch (e) {
      for (const q of batch.slice(0, progress.ran)) q.reject(e);
      try {
        if (db.inTransaction) rollback.run();
      } catch (r) {
        // A connection stuck inside a transaction would hold the write lock forever.
        markStorageFailed(new Error(`the intake connection could not roll back (${(r as Error).message}); restart Hookscope`));
      }
      return batch.slice(progress.ran);
    }
    const ran = progress.ran;
    // Committed: answer once it is on disk. If the fsync fails, durability is unknown: the callers
    // get the error (503) and the store stops acknowledging anything (storageFailure()).
    whenDurable((e) => {
      if (e) for (const q of batch.slice(0, ran)) q.reject(e);
      else for (const s of settled) s();
    });
    return batch.slice(ran);
  };

  const flush = async () => {
    if (flushing) return;
    flushing = true;
    try {
      while (queue.length > 0) {
        // A commit made while an fsync is under way waits for the next fsync anyway: gather what
        // arrives meanwhile into one batch instead. Each commit writes the last page of every
        // table and index it touches, so fewer, bigger commits write far fewer WAL pages per event.
        if (syncing) await syncing.round;
        let rest: Queued[];
        try {
          const fatal = storageFailure();
          if (fatal) throw fatal;
          // BEGIN and the batch in one synchronous step: an `await` in between would let other
          // code run inside the open transaction (an execute() then joins the batch, and is rolled
          // back with it after its caller was told it is stored)
          rest = await whenNotBusy(() => {
            begin.run();
            // works queued while waiting for the lock join this batch
            const batch = queue.slice(0, MAX_BATCH);
            queue = queue.slice(batch.length);
            return runBatch(batch);
          });
        } catch (e) {
          // stopped after a failed fsync, the write lock stayed taken for LOCK_WAIT_MS, or the
          // database is unusable: everyone waiting hears it (runBatch never throws)
          const failed = queue;
          queue = [];
          for (const q of failed) q.reject(e);
          break;
        }
        queue = [...rest, ...queue];
        // let the event loop read more requests before the next batch
        if (queue.length > 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      flushing = false;
    }
  };

  return {
    provider: "sqlite",
    commits: () => commits,
    transaction<R>(work: () => Work<R>): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
        // everything requested in this turn of the event loop joins the same batch
        if (queue.length === 1 && !flushing) setImmediate(() => void flush());
      });
    },
    // a statement outside a transaction changed nothing when it was refused: safe to rerun
    async execute(work) {
      const fatal = storageFailure();
      if (fatal) throw fatal;
      const out = await whenNotBusy(() => drive(work(), false));
      await new Promise<void>((resolve, reject) => whenDurable((e) => (e ? reject(e) : resolve())));
      return out;
    },
    async close() {
      // what was committed reaches the disk before the connection goes
      await syncing?.done;
      await checkpointer?.release();
      db.close();
      disk.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a pg pool, one client per transaction, pipelined in batches.
//
// Inside a transaction the statements of one round trip are gathered and sent as one batch: BEGIN,
// every `write`, every advisory lock and every read sent ahead (work.ts `send`) wait in the batch
// until the work waits for an answer (the event set, a stored row, COMMIT); then the batch goes out
// in one socket write with a single Sync at its end, and PostgreSQL answers it with one flush. An
// accepted zerohash event is then two round trips (BEGIN … the open anomalies sent ahead … the
// event set read, then the projection's writes … COMMIT), and two socket writes each way.
//
// One Sync per batch, not one per statement (pg's own pipelining sends a Sync after every
// statement): PostgreSQL flushes its output at every Sync, so a Sync per statement cost it a
// `send` per statement, about 13 per event (decision 0027). After a failure PostgreSQL skips the
// rest of the batch up to the Sync: the failed statement carries the error, the ones after it are
// refused as not run, and the work hears the first failure, in statement order, never those that
// followed it (as before: they would have been refused as part of an aborted transaction).

/** Prisma's PostgreSQL columns are TIMESTAMP(3) without time zone holding UTC. */
const pgTimestamp = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");
const pgValue = (v: SqlValue): string | number | boolean | null => (v instanceof Date ? pgTimestamp(v) : v);
/** A parameter as the protocol carries it (text format), for the statements batched by hand. */
const pgParam = (v: SqlValue): string | null => {
  const value = pgValue(v);
  return value === null ? null : String(value);
};
const TIMESTAMP_OID = 1114;
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? (s: string) => new Date(`${s.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * The statement as PostgreSQL takes it: `?` → `$n`, and a name, so that each pooled connection
 * parses and plans it once instead of on every execution. The intake's statements are a few dozen
 * fixed texts; past MAX_NAMED distinct ones (which would mean generated SQL) they run unnamed.
 */
const MAX_NAMED = 256;
const statements = new Map<string, { text: string; name: string }>();
function pgStatement(sql: string): { text: string; name?: string } {
  const known = statements.get(sql);
  if (known) return known;
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  if (statements.size >= MAX_NAMED) return { text };
  const named = { text, name: `hs_${statements.size + 1}` };
  statements.set(sql, named);
  return named;
}

const LOCK = { name: "hs_lock", text: "SELECT pg_advisory_xact_lock(hashtext($1))" };
const BEGIN = { name: "hs_begin", text: "BEGIN" };
const COMMIT = { name: "hs_commit", text: "COMMIT" };

type Statement = Exclude<Step, { op: "receive" }>;

/** Sends one step's statement on its own, answered on its own (outside a transaction). */
function sendStep(client: pg.PoolClient, s: Statement): Promise<pg.QueryResult> {
  return s.op === "lock" ? client.query({ ...LOCK, values: [s.key] }) : client.query({ ...pgStatement(s.sql), values: s.params.map(pgValue) });
}

/** pg's connection as the batches use it: its protocol messages and its record of parsed statements (not in pg's types). */
type PgConnection = pg.Connection & {
  stream: { cork(): void; uncork(): void };
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(q: { name?: string; text: string; types: number[] }): void;
  bind(c: { statement?: string; values: (string | null)[] }): void;
  describe(c: { type: "P"; name: string }): void;
  execute(c: { portal?: string }): void;
  sync(): void;
  sendCopyFail(msg: string): void;
};
type ProtocolMessage = { fields: unknown[] };
/** pg's result builder (its rows parsed with pgTypes); the methods used here are not in pg's types. */
type PgResult = pg.QueryResult & { addFields(f: unknown[]): void; parseRow(f: unknown[]): pg.QueryResultRow; addRow(r: pg.QueryResultRow): void; addCommandComplete(m: unknown): void };
const newResult = () => new (pg.Result as unknown as new (rowMode: undefined, types: typeof pgTypes) => PgResult)(undefined, pgTypes);

/** One statement of a batch: `resolve` takes its answer, `reject` its failure. */
type BatchItem = { name?: string; text: string; values: (string | null)[]; answer?: PgResult; resolve(r: pg.QueryResult): void; reject(e: unknown): void };

/**
 * Parses a named statement on a connection that has not yet (Parse + Sync, no execution), ahead of
 * the batch that binds it: pg records it as parsed when PostgreSQL confirms, and forgets it on a
 * failure, so a statement is never taken for parsed when it is not (a Parse inside the batch could
 * be skipped by an earlier failure without pg knowing).
 */
class Prepare extends pg.Query {
  constructor(name: string, text: string, done: (e: Error | null) => void) {
    super({ name, text }, undefined, (e: Error | undefined) => done(e ?? null));
    this.submit = (connection) => {
      const c = connection as PgConnection;
      c.parse({ name, text, types: [] });
      c.submittedNamedStatements[name] = text;
      c.sync();
    };
  }
}

/**
 * Several statements with one Sync: each answer settles its own item as it arrives. It extends
 * pg's Query because pg's pipeline mode takes no other query class (it refuses those that keep a
 * portal open across round trips; this one does not).
 */
class Batch extends pg.Query {
  private next = 0;
  constructor(
    private readonly items: BatchItem[],
    /** Prepares sent ahead of this batch that failed, by statement name: the cause when a statement of theirs fails */
    private readonly unprepared: Map<string, Error>,
  ) {
    super({ text: "" });
    this.submit = (connection) => {
      const c = connection as PgConnection;
      for (const it of items) {
        if (!it.name) c.parse({ text: it.text, types: [] });
        c.bind({ statement: it.name ?? "", values: it.values });
        c.describe({ type: "P", name: "" });
        c.execute({ portal: "" });
      }
      c.sync();
    };
  }
  handleRowDescription(msg: ProtocolMessage) {
    const it = this.items[this.next];
    if (!it) return;
    it.answer = newResult();
    it.answer.addFields(msg.fields);
  }
  handleDataRow(msg: ProtocolMessage) {
    const r = this.items[this.next]?.answer;
    r?.addRow(r.parseRow(msg.fields));
  }
  handleCommandComplete(msg: unknown) {
    const it = this.items[this.next++];
    if (!it) return;
    const r = it.answer ?? newResult();
    r.addCommandComplete(msg);
    it.resolve(r);
  }
  handleEmptyQuery() {
    this.items[this.next++]?.resolve(newResult());
  }
  handlePortalSuspended() {
    this.handleError(new Error("a batched statement's portal was suspended"));
  }
  handleCopyInResponse(connection: unknown) {
    (connection as PgConnection).sendCopyFail("COPY is not supported in a batch");
  }
  handleCopyData() {}
  /** A statement failed (or the connection did): it carries the error, the rest did not run. */
  handleError(err: Error) {
    const failed = this.items[this.next];
    if (failed) failed.reject((failed.name && this.unprepared.get(failed.name)) || err);
    for (let i = this.next + 1; i < this.items.length; i++) this.items[i]!.reject(new Error(`not run: statement ${this.next + 1} of its batch failed first`));
    this.next = this.items.length;
    this.done(err);
  }
  handleReadyForQuery() {
    // every statement is answered by now; one that is not was skipped without an error to name
    for (; this.next < this.items.length; this.next++) this.items[this.next]!.reject(new Error("not run: PostgreSQL ended the batch without answering it"));
    this.done(null);
  }
  /** pg's own callback, when it set one (a `query_timeout` in the URL times out a query that never calls it). */
  private done(err: Error | null) {
    (this as unknown as { callback?: (e: Error | null) => void }).callback?.(err);
  }
}

/**
 * The statements of one round trip of a transaction, gathered until the work waits for an answer;
 * `send` then writes them in one socket write, as one batch (after a Prepare for each named
 * statement the connection has not parsed yet).
 */
function batcher(client: pg.PoolClient) {
  const connection = (client as unknown as { connection: PgConnection }).connection;
  let items: BatchItem[] = [];
  return {
    add(statement: { name?: string; text: string }, values: readonly SqlValue[]): Promise<pg.QueryResult> {
      return new Promise((resolve, reject) => items.push({ ...statement, values: values.map(pgParam), resolve, reject }));
    },
    step(s: Statement): Promise<pg.QueryResult> {
      return s.op === "lock" ? this.add(LOCK, [s.key]) : this.add(pgStatement(s.sql), s.params);
    },
    /** Sends what was gathered since the last send, if anything, in one socket write. */
    send() {
      if (items.length === 0) return;
      const these = items;
      items = [];
      const unprepared = new Map<string, Error>();
      const asked = new Set<string>();
      connection.stream.cork();
      try {
        for (const it of these) {
          const name = it.name;
          if (!name || asked.has(name) || connection.parsedStatements[name] !== undefined || connection.submittedNamedStatements[name] !== undefined) continue;
          asked.add(name);
          client.query(new Prepare(name, it.text, (e) => void (e && unprepared.set(name, e))));
        }
        client.query(new Batch(these, unprepared));
      } finally {
        connection.stream.uncork();
      }
    },
  };
}

/** A read sent ahead (work.ts `send`): its answer, whether it came, and the first failure up to it. */
type PgSent = { answer: Promise<pg.QueryResult>; answered: boolean; failure: Promise<unknown> };

/** The statements of one transaction that were sent without waiting for their answers. */
function unanswered() {
  let outcomes: Promise<unknown>[] = [];
  return {
    /** Sends `q` and keeps its outcome: undefined, or the error (caught at once, never unhandled). */
    add(q: Promise<unknown>) {
      outcomes.push(q.then(
        () => undefined,
        (e: unknown) => e ?? new Error("statement failed"),
      ));
    },
    /** Once every statement sent so far is answered: the first failure among them, in order (they stay kept). */
    upTo(): Promise<unknown> {
      return Promise.all(outcomes).then((es) => es.find((e) => e !== undefined));
    },
    /** Once every statement sent so far is answered: the first failure among them, in order. */
    async firstFailure(): Promise<unknown> {
      if (outcomes.length === 0) return undefined;
      const these = outcomes;
      outcomes = [];
      return (await Promise.all(these)).find((e) => e !== undefined);
    },
  };
}

function pgStore(url: string): SqlStore {
  const pool = new pg.Pool({ connectionString: url, types: pgTypes, max: 10, connectionTimeoutMillis: LOCK_WAIT_MS, pipeline: true });
  // an idle client losing its connection must not crash the process; the next checkout reconnects
  pool.on("error", (e) => console.error("[sql] idle PostgreSQL client error:", e.message));
  let commits = 0;
  let roundTrips = 0;

  /**
   * Drives `work` on `client`. With `batch` (inside a transaction), writes, locks and reads sent
   * ahead join the batch, and `pending` keeps their outcomes; a statement the work reads sends the
   * batch and waits for its own answer and those before it. Without, every statement is sent and
   * awaited on its own (outside a transaction each one commits alone, so a failed one must stop the
   * ones after it).
   */
  const drive = async <R>(client: pg.PoolClient, work: Work<R>, tx?: { pending: ReturnType<typeof unanswered>; batch: ReturnType<typeof batcher> }): Promise<R> => {
    const pending = tx?.pending;
    let next = work.next();
    while (!next.done) {
      const s = next.value;
      if (tx && (s.op === "write" || s.op === "lock")) {
        tx.pending.add(tx.batch.step(s));
        next = work.next(undefined);
        continue;
      }
      if (tx && s.op === "send") {
        const answer = tx.batch.step(s);
        tx.pending.add(answer);
        const sent: PgSent = { answer, answered: false, failure: tx.pending.upTo() };
        const mark = () => void (sent.answered = true);
        answer.then(mark, mark);
        next = work.next(sent);
        continue;
      }
      if (s.op === "receive") {
        const sent = s.sent as PgSent;
        let rows: Row[];
        try {
          // Answered already when a read sent after it was waited for: then this costs no round trip,
          // and the batch gathered since stays for the next wait (sent now, the writes made since
          // went out in a socket write of their own: a third write and wake-up per zerohash event).
          if (!sent.answered) {
            roundTrips++;
            tx?.batch.send();
          }
          const failed = await sent.failure;
          // refused as part of an aborted transaction: the earlier failure is the news (as below)
          if (failed !== undefined) throw failed;
          rows = (await sent.answer).rows;
        } catch (e) {
          next = work.throw(e);
          continue;
        }
        next = work.next(rows);
        continue;
      }
      let result: unknown;
      try {
        const answer = tx ? tx.batch.step(s) : sendStep(client, s);
        roundTrips++;
        tx?.batch.send();
        const failed = await pending?.firstFailure();
        if (failed !== undefined) {
          // refused by PostgreSQL as part of an aborted transaction: the earlier failure is the news
          answer.catch(() => {});
          throw failed;
        }
        const r = await answer;
        result = s.op === "all" ? r.rows : s.op === "send" ? ({ answer: Promise.resolve(r), answered: true, failure: Promise.resolve(undefined) } satisfies PgSent) : s.op === "lock" ? undefined : (r.rowCount ?? 0);
      } catch (e) {
        next = work.throw(e);
        continue;
      }
      next = work.next(result);
    }
    return next.value;
  };

  /** A pooled client with an error listener while it is checked out: pg-pool only listens while
   *  a client is idle, and a connection dropping mid-query would otherwise be an uncaught error. */
  const checkout = async () => {
    const client = await pool.connect();
    let lost: Error | undefined;
    const onError = (e: Error) => {
      lost = e;
      console.error("[sql] PostgreSQL connection lost:", e.message);
    };
    client.on("error", onError);
    return {
      client,
      release(broken?: Error) {
        client.off("error", onError);
        // a broken client is destroyed instead of going back to the pool
        client.release(broken ?? lost);
      },
    };
  };

  return {
    provider: "postgres",
    commits: () => commits,
    roundTrips: () => roundTrips,
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async transaction(work) {
      const { client, release } = await checkout();
      const pending = unanswered();
      const batch = batcher(client);
      let broken: Error | undefined;
      try {
        pending.add(batch.add(BEGIN, []));
        const result = await drive(client, work(), { pending, batch });
        const commit = batch.add(COMMIT, []);
        roundTrips++;
        batch.send();
        const failed = await pending.firstFailure();
        if (failed !== undefined) {
          // COMMIT after a failed statement is not run (its batch stopped at the failure), or answers
          // ROLLBACK (the failure was in an earlier batch): either way the failure is the news
          commit.catch(() => {});
          throw failed;
        }
        const done = await commit;
        if (done.command !== "COMMIT") throw new Error(`transaction not committed: PostgreSQL answered ${done.command} to COMMIT`);
        commits++;
        return result;
      } catch (e) {
        batch.send();
        // whatever is still unanswered is refused or rolled back with the transaction
        await pending.firstFailure();
        await client.query("ROLLBACK").catch((r: Error) => (broken = r));
        throw e;
      } finally {
        release(broken);
      }
    },
    async execute(work) {
      const { client, release } = await checkout();
      try {
        return await drive(client, work());
      } finally {
        release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------

type Current = { url: string; store: SqlStore };
// One store per process, kept on globalThis: `npm start` loads this module twice (tsx's copy for
// the node:http intake, Next.js's bundle for the routes and the in-process worker). Two copies
// meant two SQLite connections, each with its own group commit and fsync loop (the worker's
// transactions never joined the intake's batches), or two PostgreSQL pools.
const KEY = Symbol.for("hookscope.sqlStore");
const holder = globalThis as { [KEY]?: Current };

/** The intake store for the database DATABASE_URL names (one per process, made on first use). */
export function getSqlStore(): SqlStore {
  const url = databaseUrl();
  const current = holder[KEY];
  if (current && current.url === url) return current.store;
  holder[KEY] = { url, store: providerOf(url) === "postgres" ? pgStore(url) : sqliteStore(sqlitePath(url)) };
  void current?.store.close().catch(() => {});
  return holder[KEY].store;
}

export async function closeSqlStore() {
  const c = holder[KEY];
  holder[KEY] = undefined;
  await c?.store.close();
}
