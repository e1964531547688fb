// Starts the worker (and the retention loop beside it) for a long-running process (the Next server
// or `npm run worker`) once.
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { startSweeper, stopSweeper } from "@/lib/server/anomalies/sweep";
import { startPruner, stopPruner } from "@/lib/server/retention/pruner";
import { startGramIndexer, stopGramIndexer } from "@/lib/server/strategies/search";
import { currentSecret } from "./secrets";
import { createWorker, type Worker } from "./worker";

const KEY = Symbol.for("hookscope.relay.worker");
type Holder = { [KEY]?: Worker };

export function startRelayWorker(): Worker {
  const g = globalThis as Holder;
  if (g[KEY]) return g[KEY];
  const env = getEnv();
  const w = createWorker();
  w.start(env.HOOKSCOPE_WORKER_POLL_MS);
  g[KEY] = w;
  // retention runs beside the worker, in its own loop: a long prune never delays a delivery
  startPruner();
  // and the stuck sweep (anomalies raised when time passes without events)
  startSweeper();
  // and the strategies search index (grams of new and renamed strategies, off the intake path)
  startGramIndexer();
  return w;
}

export async function stopRelayWorker(): Promise<void> {
  const g = globalThis as Holder;
  const w = g[KEY];
  delete g[KEY];
  await Promise.all([w?.stop(), stopPruner(), stopSweeper(), stopGramIndexer()]);
}

/** First start creates the signing secret. A database that is not reachable yet must not stop the
 * boot: the secret is then created on first use (worker, API or settings page). */
export async function ensureSigningSecret(): Promise<void> {
  try {
    await currentSecret(await getDb());
  } catch (e) {
    console.error(`[relay] could not create the signing secret at boot (created on first use instead): ${(e as Error).message}`);
  }
}
