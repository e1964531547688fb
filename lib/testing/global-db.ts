// Global set-up of the integration projects: names this run, so that the teardown can drop every
// database (and remove every SQLite folder) the run made, including those of a test file whose
// own afterAll (lib/testing/setup-db.ts) never ran: its worker died, or every test in it was
// skipped (store-fsync.int.test.ts on PostgreSQL left one database per run that way).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { pgAdminUrl, sqliteDirPrefix, testDbPrefix } from "./test-db-names";

declare module "vitest" {
  export interface ProvidedContext {
    hookscopeTestRun: string;
  }
}

async function dropPostgresDatabases(run: string): Promise<void> {
  const admin = new pg.Client({ connectionString: pgAdminUrl(), connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    return; // no server, so nothing of ours on it
  }
  try {
    // `_` is a LIKE wildcard: escape it so only this run's names match
    const pattern = `${testDbPrefix(run)}%`.replace(/_/g, "\\_");
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [pattern]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    if (rows.length) console.warn(`[test:int] dropped ${rows.length} database(s) left by test files that did not clean up (crashed, or skipped as a whole)`);
  } finally {
    await admin.end();
  }
}

function removeSqliteDirs(run: string): void {
  const prefix = sqliteDirPrefix(run);
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (name.startsWith(prefix)) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

export default function setup(project: TestProject) {
  const run = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  project.provide("hookscopeTestRun", run);
  return async () => {
    removeSqliteDirs(run);
    if (project.config.env?.HOOKSCOPE_TEST_DB === "postgres") await dropPostgresDatabases(run);
  };
}
