import pkg from "@/package.json" with { type: "json" };
import { dbProvider, getDb } from "@/lib/db";
import { oldestKept } from "@/lib/server/retention/prune";
import { runningPruner } from "@/lib/server/retention/pruner";
import { storageFailure } from "@/lib/server/sql/disk-sync";

/** How long the database probe may take: health must answer even when the database does not. */
export const HEALTH_PROBE_TIMEOUT_MS = 1500;

const UNRESPONSIVE = Symbol("unresponsive");

export async function checkHealth(probeTimeoutMs = HEALTH_PROBE_TIMEOUT_MS) {
  const started = Date.now();
  // an fsync failed: intake and relay refuse everything until a restart (lib/server/sql/disk-sync.ts)
  const failure = storageFailure()?.message;
  if (failure) return { status: "degraded" as const, version: pkg.version, database: { provider: dbProvider(), reachable: true, error: "disk_sync_failed", detail: failure } };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const probe = (async () => {
    const db = await getDb();
    await db.$queryRawUnsafe("SELECT 1");
    // the oldest rows kept are facts about data volume, not about reachability: if they cannot be
    // read, health says so by leaving them out
    const oldest = await oldestKept(db).catch(() => null);
    return {
      oldest_inbound_at: oldest?.inbound?.toISOString() ?? null,
      oldest_attempt_at: oldest?.attempt?.toISOString() ?? null,
      // null where this process runs no worker (HOOKSCOPE_WORKER=off): the worker's process prunes
      next_prune_at: runningPruner()?.status().nextRunAt?.toISOString() ?? null,
    };
  })();
  // a probe still running after the timeout (a frozen server, a held lock) fails unheard
  probe.catch(() => {});
  try {
    const r = await Promise.race([probe, new Promise<typeof UNRESPONSIVE>((resolve) => (timer = setTimeout(() => resolve(UNRESPONSIVE), probeTimeoutMs)))]);
    if (r === UNRESPONSIVE) {
      return { status: "degraded" as const, version: pkg.version, database: { provider: dbProvider(), reachable: false, error: "unresponsive", detail: `no answer within ${probeTimeoutMs} ms` } };
    }
    return { status: "ok" as const, version: pkg.version, database: { provider: dbProvider(), reachable: true, latency_ms: Date.now() - started }, retention: r };
  } catch (e) {
    // the message may embed a connection string: report the class of failure only
    const code = (e as { code?: string }).code;
    return { status: "degraded" as const, version: pkg.version, database: { provider: dbProvider(), reachable: false, error: code ?? "unreachable" } };
  } finally {
    clearTimeout(timer);
  }
}
