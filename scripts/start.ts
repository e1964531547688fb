// npm start: migrate, build when the build is missing or older than the sources, serve.
import "../lib/load-env";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "../lib/env";
import { claimDatabaseOrExit } from "../lib/server/db-lock";
import { migrate } from "./migrate";

const env = parseEnv(process.env); // fail fast with a readable message
// before migrating: a second server must not touch a database another one serves
claimDatabaseOrExit(env.DATABASE_URL, env.PORT);
migrate();

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "data") continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const buildId = ".next/BUILD_ID";
const stale =
  !fs.existsSync(buildId) ||
  ["app", "components", "lib", "public"].some((d) => fs.existsSync(d) && newestMtime(d) > fs.statSync(buildId).mtimeMs);
if (stale) {
  console.log("[hookscope] building (first start or sources changed)…");
  const b = spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

// the production server: webhook intake on node:http, everything else through Next.js
await import("./serve");
