// Serves an existing production build (`npm start` migrates and builds first, then comes here), or
// with --dev the sources through Next.js in development mode (`npm run dev`): either way webhook
// intake runs on the same node:http server, so development and production take one path.
import "../lib/load-env";
import { parseEnv } from "../lib/env";
import { disconnectDb, getDb } from "../lib/db";
import { describeDatabase, log, startupSummary } from "../lib/log";
import { claimDatabaseOrExit } from "../lib/server/db-lock";
import { getDestination } from "../lib/server/relay/destination";
import { intakeOnlyFallback, startServer } from "../lib/server/http/server";
import { stopRelayWorker } from "../lib/server/relay/run";

process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const env = parseEnv(process.env); // fail fast with a readable message
claimDatabaseOrExit(env.DATABASE_URL, env.PORT);
const dev = process.argv.includes("--dev");
// --intake-only: the two webhook endpoints and /metrics alone, without Next.js (no build needed):
// extra intake servers behind a balancer, while the console runs elsewhere (README, "Deploying
// several servers and workers").
const intakeOnly = process.argv.includes("--intake-only");
const server = await startServer({ port: env.PORT, dev, fallback: intakeOnly ? intakeOnlyFallback : undefined });
if (intakeOnly) log.info(`[hookscope] intake only on port ${server.port}: POST /api/webhooks/zerohash and /pipai, GET /metrics (${describeDatabase(env)})`);
else log.info(startupSummary(env, { consoleUrl: `http://localhost:${server.port}`, callbackUrlSet: await callbackUrlSet() }));

async function callbackUrlSet(): Promise<boolean | null> {
  try {
    return Boolean((await getDestination(await getDb())).callbackUrl);
  } catch {
    return null;
  }
}

let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    console.log(`[hookscope] ${sig}: finishing requests in flight, then stopping`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    // the relay worker (started by instrumentation.ts) finishes its attempts in flight too
    Promise.all([server.close(), stopRelayWorker()])
      .then(() => disconnectDb())
      .then(
        () => process.exit(0),
        (e: Error) => {
          console.error("[hookscope] shutdown:", e.message);
          process.exit(1);
        },
      );
  });
}
