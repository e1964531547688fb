// Prisma CLI configuration. Offline-friendly: JS engine + driver adapters (see docs/decisions/0001).
import "./lib/load-env";
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseUrl, providerOf, sqlitePath } from "./lib/db-url";

// The wasm schema engine leaves 10 s / 60 s timers armed; unref them so the CLI exits when done.
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const t = originalSetTimeout(fn, ms, ...args);
  if ((ms ?? 0) >= 5000) t.unref?.();
  return t;
}) as typeof setTimeout;

const url = databaseUrl();
const provider = providerOf(url);

type AnyAdapter = {
  executeRaw: (q: { sql: string; args: unknown[] }) => Promise<number>;
  executeScript: (sql: string) => Promise<void>;
};

async function sqliteAdapter() {
  const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const factory = new PrismaBetterSQLite3({ url: `file:${file}` });
  // The shadow DB replays each migration through executeRaw one call per file: route
  // argument-less calls to executeScript so multi-statement migrations work.
  const connectShadow = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const shadow = await connectShadow();
    const a = shadow as unknown as AnyAdapter;
    const raw = a.executeRaw.bind(shadow);
    a.executeRaw = async (q) => (q.args.length === 0 ? (await a.executeScript(q.sql), 0) : raw(q));
    return shadow;
  };
  return factory;
}

async function postgresAdapter() {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const u = new URL(url);
  const factory = new PrismaPg({
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || "postgres"),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1) || "postgres"),
    idleTimeoutMillis: 100,
  });
  // adapter-pg 6.19.3 cannot map the catalog types name (19) and "char" (18) that the schema engine
  // reads: report them as text (25). Patched on the shared queryable prototype so transactions get it too.
  const fixTypes = <T extends object>(adapter: T): T => {
    let proto: Record<string, unknown> | null = Object.getPrototypeOf(adapter);
    while (proto && !Object.prototype.hasOwnProperty.call(proto, "performIO")) proto = Object.getPrototypeOf(proto);
    if (proto && !proto.__hookscopePatched) {
      const performIO = proto.performIO as (this: unknown, q: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;
      proto.performIO = async function (this: unknown, q: unknown) {
        const r = await performIO.call(this, q);
        for (const f of r.fields ?? []) if (f.dataTypeID === 19 || f.dataTypeID === 18) f.dataTypeID = 25;
        return r;
      };
      proto.__hookscopePatched = true;
    }
    return adapter;
  };
  // adapter-pg 6.19.3 runs a migration script by splitting it at every ";", which cuts a function
  // body ($$ … ; … $$, the DeliveryTally triggers) apart: send the script whole instead, as one
  // simple-protocol query (PostgreSQL runs its statements in order, in one implicit transaction).
  const wholeScripts = <T extends object>(adapter: T): T => {
    const a = adapter as unknown as { client: { query(sql: string): Promise<unknown> }; onError(e: unknown): never; executeScript(sql: string): Promise<void> };
    a.executeScript = async (script: string) => {
      try {
        await a.client.query(script);
      } catch (e) {
        a.onError(e);
      }
    };
    return adapter;
  };
  const connect = factory.connect.bind(factory);
  factory.connect = async () => wholeScripts(fixTypes(await connect()));
  const connectShadow = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => wholeScripts(fixTypes(await connectShadow()));
  return factory;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${provider}`,
  migrations: { path: `prisma/${provider}/migrations` },
  adapter: provider === "sqlite" ? sqliteAdapter : postgresAdapter,
});
