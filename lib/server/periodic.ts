// A background pass run again and again in this process (the retention pruner, the stuck sweep):
// the first after `firstDelayMs`, each next one `intervalMs()` after the previous one ended, so
// passes never overlap. The timer alone keeps no process alive. stop() cancels the next pass and
// waits for the one under way; `stopped()` lets a long pass end early between its batches.

export type Periodic = {
  /** When the next pass starts (while a pass runs: when it was due); null once stopped. */
  nextRunAt(): Date | null;
  stopped(): boolean;
  stop(): Promise<void>;
};

export function startPeriodic(opts: {
  firstDelayMs: number;
  intervalMs: () => number;
  /** One pass; a failure is handed to onError and the loop goes on. */
  pass: () => Promise<unknown>;
  onError: (e: Error) => void;
  clock?: () => number;
}): Periodic {
  const clock = opts.clock ?? Date.now;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<unknown> | null = null;
  let nextRunAt: Date | null = null;
  const schedule = (ms: number) => {
    if (stopped) return;
    nextRunAt = new Date(clock() + ms);
    timer = setTimeout(() => {
      timer = null;
      const p = opts.pass().catch((e: Error) => opts.onError(e));
      running = p;
      void p.finally(() => {
        running = null;
        schedule(opts.intervalMs());
      });
    }, ms);
    timer.unref?.();
  };
  schedule(opts.firstDelayMs);
  return {
    nextRunAt: () => nextRunAt,
    stopped: () => stopped,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      nextRunAt = null;
      await running;
    },
  };
}

/**
 * One `T` per process under `key`, kept on globalThis so that every bundle of the process (the
 * node:http server, Next.js's) starts and stops the same one: the pruner, the stuck sweep, the gram
 * indexer.
 */
export function processSingleton<T extends { stop(): Promise<void> }>(key: string) {
  const k = Symbol.for(key);
  const g = globalThis as { [k: symbol]: T | undefined };
  return {
    /** The running one, or the one `make` starts now. */
    start(make: () => T): T {
      return (g[k] ??= make());
    },
    /** Stops the running one (if any) and forgets it, so a later start makes a new one. */
    async stop(): Promise<void> {
      const v = g[k];
      delete g[k];
      await v?.stop();
    },
    current(): T | null {
      return g[k] ?? null;
    },
  };
}
