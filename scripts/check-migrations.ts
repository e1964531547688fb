// Fails when the committed migrations of either provider drift from prisma/models.
import { spawnSync } from "node:child_process";

const pgUrl = process.env.TEST_DATABASE_URL_PG || "postgresql://postgres@127.0.0.1:5432/postgres";
const targets = [
  { provider: "sqlite", url: "file:./.tmp/drift-check.db" },
  { provider: "postgres", url: pgUrl },
];
let failed = false;
for (const t of targets) {
  const r = spawnSync(
    "node_modules/.bin/prisma",
    ["migrate", "diff", "--from-migrations", `prisma/${t.provider}/migrations`, "--to-schema-datamodel", `prisma/${t.provider}`, "--exit-code"],
    { env: { ...process.env, DATABASE_URL: t.url }, encoding: "utf8" },
  );
  if (r.status === 0) console.log(`[db:check] ${t.provider}: migrations match the models`);
  else {
    failed = true;
    console.error(`[db:check] ${t.provider}: ${r.status === 2 ? "DRIFT — create a migration for both providers (docs/decisions/0001)" : "check failed"}\n${r.stdout}${r.stderr}`);
  }
}
process.exit(failed ? 1 : 0);
