// Starts the worker for a long-running process (the Next server or `npm run worker`) once.
import { getEnv } from "@/lib/env";
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
  return w;
}

export async function stopRelayWorker(): Promise<void> {
  const g = globalThis as Holder;
  const w = g[KEY];
  delete g[KEY];
  await w?.stop();
}
