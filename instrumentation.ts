// Runs once when the server boots: a bad configuration stops it here with a readable message.
// Then the first admin is created from the environment when no admin exists, the relay signing
// secret is created if this is the first start, and the delivery worker starts in this process
// unless HOOKSCOPE_WORKER=off.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getEnv } = await import("./lib/env");
    const env = getEnv();
    const { getDb } = await import("./lib/db");
    const { ensureFirstAdmin } = await import("./lib/server/users/bootstrap");
    const db = await getDb();
    const admin = await ensureFirstAdmin(db, env);
    if (admin === "created") console.log(`[hookscope] created the first admin, ${env.HOOKSCOPE_ADMIN_EMAIL}`);
    else if (admin === "not_configured" && (await db.user.count({ where: { role: "admin", disabledAt: null } })) === 0) {
      console.warn(
        "[hookscope] no admin can sign in yet: set HOOKSCOPE_ADMIN_EMAIL and HOOKSCOPE_ADMIN_PASSWORD and restart, " +
          "or run: npm run hookscope -- users create --email you@example.com --role admin",
      );
    }
    const { ensureSigningSecret } = await import("./lib/server/relay/run");
    await ensureSigningSecret();
    if (env.HOOKSCOPE_WORKER === "on") {
      const { startRelayWorker } = await import("./lib/server/relay/run");
      startRelayWorker();
    }
  }
}
