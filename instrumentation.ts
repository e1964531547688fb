// Runs once when the server boots: a bad configuration stops it here with a readable message.
// Then the relay signing secret is created if this is the first start, and the delivery worker
// starts in this process unless HOOKSCOPE_WORKER=off.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getEnv } = await import("./lib/env");
    const env = getEnv();
    const { ensureSigningSecret } = await import("./lib/server/relay/run");
    await ensureSigningSecret();
    if (env.HOOKSCOPE_WORKER === "on") {
      const { startRelayWorker } = await import("./lib/server/relay/run");
      startRelayWorker();
    }
  }
}
