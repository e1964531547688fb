import pkg from "@/package.json" with { type: "json" };
import { dbProvider, getDb } from "@/lib/db";
import { storageFailure } from "@/lib/server/sql/disk-sync";

export async function checkHealth() {
  const started = Date.now();
  // an fsync failed: intake and relay refuse everything until a restart (lib/server/sql/disk-sync.ts)
  const failure = storageFailure()?.message;
  if (failure) return { status: "degraded" as const, version: pkg.version, database: { provider: dbProvider(), reachable: true, error: "disk_sync_failed", detail: failure } };
  try {
    const db = await getDb();
    await db.$queryRawUnsafe("SELECT 1");
    return { status: "ok" as const, version: pkg.version, database: { provider: dbProvider(), reachable: true, latency_ms: Date.now() - started } };
  } catch (e) {
    // the message may embed a connection string: report the class of failure only
    const code = (e as { code?: string }).code;
    return { status: "degraded" as const, version: pkg.version, database: { provider: dbProvider(), reachable: false, error: code ?? "unreachable" } };
  }
}
