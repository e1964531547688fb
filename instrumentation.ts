// Runs once when the server boots: a bad configuration stops it here with a readable message,
// then the delivery worker starts in this process unless HOOKSCOPE_WORKER=off.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getEnv } = await import("./lib/env");
    const env = getEnv();
    if (env.HOOKSCOPE_WORKER === "on") {
      const { startRelayWorker } = await import("./lib/server/relay/run");
      startRelayWorker();
    }
  }
}
