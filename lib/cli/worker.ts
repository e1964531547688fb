// `npm run worker`: the delivery worker alone (scale-out; run the server with HOOKSCOPE_WORKER=off
// or not — several workers share the outbox safely). SIGTERM/SIGINT finish the attempts in flight.
import "@/lib/load-env";
import { disconnectDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { describeDatabase } from "@/lib/log";
import { ensureSigningSecret, startRelayWorker, stopRelayWorker } from "@/lib/server/relay/run";

const env = getEnv();
console.log(`[relay] worker started (${describeDatabase(env)}, polling every ${env.HOOKSCOPE_WORKER_POLL_MS} ms)`);
await ensureSigningSecret();
startRelayWorker();

let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    console.log(`[relay] ${sig}: finishing attempts in flight…`);
    void stopRelayWorker()
      .then(() => disconnectDb())
      .then(() => process.exit(0));
  });
}
