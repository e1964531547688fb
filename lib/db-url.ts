// Shared by the runtime, the Prisma CLI config and the test harness: one rule picks the database.
import path from "node:path";

export type DbProvider = "sqlite" | "postgres";

export const DEFAULT_DATABASE_URL = "file:./data/hookscope.db";

export function databaseUrl(env: Record<string, string | undefined> = process.env): string {
  const url = env.DATABASE_URL?.trim();
  return url ? url : DEFAULT_DATABASE_URL;
}

export function providerOf(url: string): DbProvider {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL); got "${url.split(":")[0]}:…"`,
  );
}

/** Absolute path of a `file:` URL, relative to the working directory like Prisma does. */
export function sqlitePath(url: string): string {
  const p = url.slice("file:".length).split("?")[0] ?? "";
  // the database file is runtime data, not something for the build to trace
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), p);
}
