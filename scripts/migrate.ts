// Applies the committed migrations of whichever database DATABASE_URL selects.
import "../lib/load-env";
import { spawnSync } from "node:child_process";
import { databaseUrl, providerOf } from "../lib/db-url";

export function migrate(): void {
  const url = databaseUrl();
  const provider = providerOf(url);
  const r = spawnSync("node_modules/.bin/prisma", ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error(`prisma migrate deploy failed on ${provider}`);
  }
  const applied = /(\d+) migrations? found/.exec(r.stdout)?.[1] ?? "?";
  console.log(`[hookscope] database ready (${provider}, ${applied} migration(s) in folder)`);
}

if (import.meta.url === `file://${process.argv[1]}`) migrate();
