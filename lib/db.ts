// The Prisma client for whichever database DATABASE_URL names. Both generated clients share the
// same models; the app is typed against the SQLite one and the PostgreSQL one is cast (their types
// are structurally identical for our queries but nominally distinct).
import fs from "node:fs";
import path from "node:path";
import { PrismaClient } from "./generated/sqlite/client";
import { databaseUrl, providerOf, sqlitePath } from "./db-url";
import { acquireCheckpointer, type CheckpointLease } from "./server/sql/checkpointer";
import { closeSqlStore } from "./server/sql/store";

export type Db = PrismaClient;
/** The client inside an interactive transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

let current: { url: string; client: Promise<Db> } | undefined;
const leases = new WeakMap<Db, CheckpointLease>();

/** A new, separate client (own connections). The app uses getDb(); tests and tools may need more. */
export async function createDbClient(url: string): Promise<Db> {
  if (providerOf(url) === "postgres") {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { PrismaClient: PgClient } = await import("./generated/postgres/client");
    return new PgClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
  }
  const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 10_000 }) });
  // WAL lets the console read while intake writes; synchronous=FULL keeps every acknowledged
  // event on disk before the 2xx (the ack is a durability promise to the provider).
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$queryRawUnsafe("PRAGMA synchronous = FULL");
  // Checkpoints run on the background checkpointer (./server/sql/checkpointer.ts), not inside
  // this connection's commits on the main thread; if it dies, SQLite's own come back.
  const lease = acquireCheckpointer(file, () => void client.$queryRawUnsafe("PRAGMA wal_autocheckpoint = 1000").catch(() => {}));
  if (lease) {
    await client.$queryRawUnsafe("PRAGMA wal_autocheckpoint = 0");
    leases.set(client, lease);
  }
  return client;
}

export function getDb(): Promise<Db> {
  const url = databaseUrl();
  if (!current || current.url !== url) {
    const client = createDbClient(url);
    // a failed connection must not be cached forever
    client.catch(() => {
      if (current?.client === client) current = undefined;
    });
    current = { url, client };
  }
  return current.client;
}

export function dbProvider() {
  return providerOf(databaseUrl());
}

/** Closes Prisma and the intake's own connection (./server/sql/store.ts). */
export async function disconnectDb() {
  const c = current;
  current = undefined;
  await closeSqlStore();
  if (c) {
    const client = await c.client;
    await client.$disconnect();
    await leases.get(client)?.release();
  }
}
