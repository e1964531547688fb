// Serves an existing production build (`npm start` migrates and builds first, then comes here).
import { parseEnv } from "../lib/env";
import { disconnectDb } from "../lib/db";
import { startServer } from "../lib/server/http/server";
import { stopRelayWorker } from "../lib/server/relay/run";

process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const env = parseEnv(process.env); // fail fast with a readable message
const server = await startServer({ port: env.PORT });
console.log(`[hookscope] listening on http://localhost:${server.port}`);

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
