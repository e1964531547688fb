// Runs before every *.int.test.ts file: a brand-new database made from the committed migration
// SQL, so each file starts empty and the migrations themselves are exercised.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { pgAdminUrl, sqliteDirPrefix, testDbPrefix } from "./test-db-names";

function migrationSql(provider: "sqlite" | "postgres"): string[] {
  const dir = path.resolve(`prisma/${provider}/migrations`);
  return fs
    .readdirSync(dir)
    .filter((d) => fs.statSync(path.join(dir, d)).isDirectory())
    .sort()
    .map((d) => fs.readFileSync(path.join(dir, d, "migration.sql"), "utf8"));
}


const which = process.env.HOOKSCOPE_TEST_DB === "postgres" ? "postgres" : "sqlite";
// the run's prefix lets its global teardown (./global-db.ts) drop what a crashed file left
const run = inject("hookscopeTestRun");
const name = `${testDbPrefix(run)}${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

if (which === "sqlite") {
  const { default: Database } = await import("better-sqlite3");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), sqliteDirPrefix(run)));
  const file = path.join(dir, `${name}.db`);
  const sqlite = new Database(file);
  for (const sql of migrationSql("sqlite")) sqlite.exec(sql);
  sqlite.close();
  process.env.DATABASE_URL = `file:${file}`;
  afterAll(async () => {
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb();
    fs.rmSync(dir, { recursive: true, force: true });
  });
} else {
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgAdminUrl());
  url.pathname = `/${name}`;
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  for (const sql of migrationSql("postgres")) await c.query(sql);
  await c.end();
  process.env.DATABASE_URL = url.toString();
  afterAll(async () => {
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb();
    const a = new pg.Client({ connectionString: pgAdminUrl() });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  });
}
