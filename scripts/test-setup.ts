// First step of `npm test`: makes a fresh machine able to run the whole suite. Finds Chromium for
// Playwright or installs it (as root, with apt), and starts the local PostgreSQL cluster when it
// is installed but not running. What it cannot fix it says how to fix, then fails; an unreachable
// PostgreSQL is left to scripts/test-int.ts (skipped with a warning locally, fatal with CI=true).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { findChromium } from "../lib/testing/chromium";

const say = (line: string) => console.log(`[test:setup] ${line}`);
const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

function ensureChromium(): boolean {
  let found = findChromium();
  if (found && "error" in found) {
    console.error(`[test:setup] ${found.error}: point it at a Chromium binary or unset it`);
    return false;
  }
  if (!found) {
    if (process.getuid?.() !== 0 || !has("apt-get")) {
      console.error(
        "[test:setup] Playwright needs Chromium and none was found (CHROMIUM_PATH, /usr/bin/chromium, `chromium` on PATH).\n" +
          "  Install it with `sudo apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.",
      );
      return false;
    }
    say("installing Chromium with apt-get (about a minute)");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: ["ignore", "ignore", "inherit"], env }) : update;
    found = findChromium();
    if (install.status !== 0 || !found || "error" in found) {
      console.error("[test:setup] installing Chromium failed (see apt-get's output above); install it by hand or set CHROMIUM_PATH");
      return false;
    }
  }
  say(`Chromium: ${found.path} (${found.from})`);
  return true;
}

const adminUrl = process.env.TEST_DATABASE_URL_PG || "postgresql://postgres@127.0.0.1:5432/postgres";

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensurePostgres(): Promise<void> {
  if (await reachable()) return say(`PostgreSQL: up at ${new URL(adminUrl).host}`);
  const local = ["127.0.0.1", "localhost", "[::1]"].includes(new URL(adminUrl).hostname);
  const versions = fs.existsSync("/etc/postgresql") ? fs.readdirSync("/etc/postgresql").sort((a, b) => Number(b) - Number(a)) : [];
  if (!local || !versions[0] || !has("pg_ctlcluster")) {
    return say(`PostgreSQL: not reachable at ${new URL(adminUrl).host} and no local cluster to start`);
  }
  say(`PostgreSQL: starting the local ${versions[0]}/main cluster`);
  const r = spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", versions[0], "main", "start"], { stdio: "inherit" });
  if (r.status !== 0) return say("PostgreSQL: pg_ctlcluster failed (run `npm test` as root or as the postgres user, or start it yourself)");
  for (let i = 0; i < 30; i++) {
    if (await reachable()) return say("PostgreSQL: up");
    await new Promise((r) => setTimeout(r, 1000));
  }
  say("PostgreSQL: started but not answering after 30 s");
}

const chromiumOk = ensureChromium();
await ensurePostgres();
process.exit(chromiumOk ? 0 : 1);
