import type { Ctx } from "@/lib/auth/actor";
import type { Retention } from "@/lib/schemas/settings";
import { oldestKept } from "./prune";
import { runningPruner } from "./pruner";

/** Settings page: the windows, the oldest rows kept, and this process's prune schedule. */
export async function retentionStatus(ctx: Ctx): Promise<Retention> {
  const oldest = await oldestKept(ctx.db);
  const s = runningPruner()?.status() ?? null;
  const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
  return {
    windows_days: {
      rejected_inbound: ctx.env.HOOKSCOPE_RETENTION_REJECTED_DAYS,
      accepted_inbound: ctx.env.HOOKSCOPE_RETENTION_INBOUND_DAYS,
      delivered_attempts: ctx.env.HOOKSCOPE_RETENTION_ATTEMPTS_DAYS,
    },
    interval_minutes: ctx.env.HOOKSCOPE_RETENTION_INTERVAL_MINUTES,
    oldest_inbound_at: iso(oldest.inbound),
    oldest_attempt_at: iso(oldest.attempt),
    /** false where this process runs no worker (HOOKSCOPE_WORKER=off): the worker's process prunes */
    pruner_here: s !== null,
    next_prune_at: iso(s?.nextRunAt),
    last_prune_at: iso(s?.lastRunAt),
    last_pruned: s?.lastCounts ?? null,
    last_error: s?.lastError ?? null,
  };
}
