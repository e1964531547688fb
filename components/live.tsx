"use client";
// Live updates for the console (lib/live): a provider that applies stream messages to the React
// Query cache, the Live/Paused toggle in the header, and the "N new" banner above a list.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import type { Query } from "@tanstack/react-query";
import { effectsOf, patchPages, type LiveFamily } from "@/lib/live/apply";
import { afterHeadCheck, matchesList, newRowCount, noNewRows, type NewRows as ListNewRows } from "@/lib/live/match";
import type { LiveMessage } from "@/lib/live/message";
import { useLive, type LiveState } from "@/lib/live/use-live";
import { fetchJson } from "@/lib/query/fetch";
import { queryKeys } from "@/lib/query/keys";
import { listHeadUrl } from "@/lib/query/options";

const STORAGE_KEY = "hookscope.live";
/** Messages are applied in batches: at 50 events/s one render per batch, not one per message. */
const BATCH_MS = 150;
/** While the stream is unavailable, active queries refetch this often. */
const POLL_MS = 5_000;
/** A message a list's filters cannot judge asks the server for the list's head, at most this often. */
const HEAD_CHECK_MS = 1_000;

/** New rows of each family's list (lib/live/match.ts). */
type NewRows = Record<LiveFamily, ListNewRows>;
type Ctx = {
  enabled: boolean;
  setEnabled: (on: boolean) => void;
  state: LiveState;
  newCount: (f: LiveFamily) => number;
  clearNew: (f: LiveFamily) => void;
  subscribe: (cb: () => void) => () => void;
  version: () => number;
};

// The Live/Paused choice, kept in localStorage; other tabs follow through the storage event.
const choiceListeners = new Set<() => void>();
function subscribeChoice(cb: () => void) {
  choiceListeners.add(cb);
  window.addEventListener("storage", cb);
  return () => {
    choiceListeners.delete(cb);
    window.removeEventListener("storage", cb);
  };
}

const LiveContext = createContext<Ctx | null>(null);
const emptyNew = (): NewRows => ({ operations: noNewRows(), deliveries: noNewRows(), inbound: noNewRows(), events: noNewRows(), anomalies: noNewRows() });

/** Ids of the rows a list has loaded. */
function loadedIds(q: Query): Set<string> {
  const pages = (q.state.data as { pages?: { items?: { id?: unknown }[] }[] } | undefined)?.pages ?? [];
  return new Set(pages.flatMap((p) => (p.items ?? []).map((r) => String(r.id))));
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const enabled = useSyncExternalStore(subscribeChoice, () => window.localStorage.getItem(STORAGE_KEY) !== "paused", () => true);
  const setEnabled = useCallback((on: boolean) => {
    window.localStorage.setItem(STORAGE_KEY, on ? "live" : "paused");
    for (const l of choiceListeners) l();
  }, []);

  // New-row counts live outside React state so a burst of messages re-renders only the banners.
  const store = useRef({ rows: emptyNew(), v: 0, seq: 0, generation: 0, listeners: new Set<() => void>() });
  const notify = () => {
    store.current.v++;
    for (const l of store.current.listeners) l();
  };

  // Paused means nothing on screen moves: a head check due or answered then is dropped.
  const enabledNow = useRef(enabled);
  useEffect(() => {
    enabledNow.current = enabled;
  });

  // Lists whose filters a message could not judge: their heads are fetched and compared with what is loaded.
  const checks = useRef({ pending: new Map<string, { family: LiveFamily; query: Query }>(), timer: null as ReturnType<typeof setTimeout> | null });
  const runChecks = useCallback(() => {
    const c = checks.current;
    c.timer = null;
    const batch = [...c.pending.values()];
    c.pending.clear();
    if (!enabledNow.current) return;
    for (const { family, query } of batch) {
      const started = ++store.current.seq;
      const generation = store.current.generation;
      void fetchJson<{ items: { id: string }[] }>(listHeadUrl(family, (query.queryKey[3] ?? {}) as object))
        .then((head) => {
          // the reader showed the new rows meanwhile: this answer is about a list already reloaded
          if (store.current.generation !== generation || !enabledNow.current) return;
          store.current.rows[family] = afterHeadCheck(store.current.rows[family], head.items.map((i) => i.id), loadedIds(query), started);
          notify();
        })
        .catch(() => {});
    }
  }, []);
  const checkHead = useCallback(
    (family: LiveFamily, query: Query) => {
      checks.current.pending.set(query.queryHash, { family, query });
      checks.current.timer ??= setTimeout(runChecks, HEAD_CHECK_MS);
    },
    [runChecks],
  );

  const queue = useRef<LiveMessage[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const flush = useCallback(() => {
    timer.current = null;
    const batch = queue.current;
    queue.current = [];
    const invalidate = new Map<string, readonly unknown[]>();
    let announced = false;
    for (const m of batch) {
      const e = effectsOf(m);
      let found = false;
      if (e.patch) {
        const { family, id, fields } = e.patch;
        for (const [key, data] of qc.getQueriesData({ queryKey: [...queryKeys.all, family, "list"] })) {
          const r = patchPages(data, id, fields);
          if (r.found) {
            found = true;
            qc.setQueryData(key, r.data);
          }
        }
      }
      for (const n of e.fresh) {
        if (n.unlessPatched && found) continue;
        // a list nobody is looking at loads fresh when opened: nothing to announce
        let belongs = false;
        for (const q of qc.getQueryCache().findAll({ queryKey: [...queryKeys.all, n.family, "list"], type: "active" })) {
          // the list's key holds its filters as its schema parsed them (lib/query/keys.ts)
          const verdict = matchesList(n.family, (q.queryKey[3] ?? {}) as object, m);
          if (verdict === "yes") belongs = true;
          else if (verdict === "unknown") checkHead(n.family, q);
        }
        const decided = store.current.rows[n.family].decided;
        if (belongs && !decided.has(n.key)) {
          decided.set(n.key, ++store.current.seq);
          announced = true;
        }
      }
      for (const k of e.invalidate) invalidate.set(JSON.stringify(k), k);
    }
    // only pages on screen refetch; one already under way is not restarted (a burst would starve it)
    for (const k of invalidate.values()) void qc.invalidateQueries({ queryKey: k }, { cancelRefetch: false });
    if (announced) notify();
  }, [qc, checkHead]);

  const onMessage = useCallback(
    (m: LiveMessage) => {
      queue.current.push(m);
      timer.current ??= setTimeout(flush, BATCH_MS);
    },
    [flush],
  );
  const onReset = useCallback(() => {
    store.current.rows = emptyNew();
    store.current.generation++;
    notify();
    void qc.invalidateQueries({ queryKey: queryKeys.all });
  }, [qc]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
    if (checks.current.timer) clearTimeout(checks.current.timer);
  }, []);

  const clearNew = useCallback((f: LiveFamily) => {
    store.current.generation++;
    if (newRowCount(store.current.rows[f]) === 0) return;
    store.current.rows[f] = noNewRows();
    store.current.v++;
    for (const l of store.current.listeners) l();
  }, []);

  // The lists on screen were loaded before the stream began, and a row committed in between is in
  // neither: a head check of each loaded list finds such rows and announces them as new. (A list
  // still loading when the stream begins includes them itself.)
  const onFresh = useCallback(() => {
    for (const family of Object.keys(store.current.rows) as LiveFamily[])
      for (const q of qc.getQueryCache().findAll({ queryKey: [...queryKeys.all, family, "list"], type: "active" })) if (q.state.status === "success") checkHead(family, q);
  }, [qc, checkHead]);

  const state = useLive({ enabled, onMessage, onReset, onFresh });

  useEffect(() => {
    if (state !== "polling") return;
    const t = setInterval(() => void qc.invalidateQueries({ queryKey: queryKeys.all }, { cancelRefetch: false }), POLL_MS);
    return () => clearInterval(t);
  }, [state, qc]);

  const value = useMemo<Ctx>(
    () => ({
      enabled,
      setEnabled,
      state,
      newCount: (f) => newRowCount(store.current.rows[f]),
      clearNew,
      subscribe: (cb) => {
        store.current.listeners.add(cb);
        return () => store.current.listeners.delete(cb);
      },
      version: () => store.current.v,
    }),
    [enabled, setEnabled, state, clearNew],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

const LABEL: Record<LiveState, string> = { connecting: "Connecting…", live: "Live", paused: "Paused", hidden: "Paused (tab hidden)", polling: "Polling" };
const DOT: Record<LiveState, string> = { connecting: "bg-amber-400", live: "bg-emerald-400", paused: "bg-slate-400", hidden: "bg-slate-400", polling: "bg-amber-400" };

/** The header's Live/Paused switch; the choice is remembered in this browser. */
export function LiveToggle() {
  const live = useContext(LiveContext);
  if (!live) return null;
  const { enabled, setEnabled, state } = live;
  const position = enabled ? "Live" : "Paused";
  return (
    <button
      type="button"
      role="switch"
      aria-checked={enabled}
      data-testid="live-toggle"
      data-state={state}
      onClick={() => setEnabled(!enabled)}
      title={`${LABEL[state]}. ${enabled ? "Updates arrive as they happen. Click to pause." : "Pages stay as they are. Click to resume."}`}
      className="flex shrink-0 items-center gap-2 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-200 hover:bg-white/10"
    >
      <span aria-hidden className={`size-2 rounded-full ${DOT[state]} ${state === "live" ? "animate-pulse" : ""}`} />
      {/* the visible word is the switch's position, so the header (and the nav's room in it) does not
          change width while the stream connects; the dot's colour and the title say how it is going */}
      <span>{position}</span>
      {LABEL[state] !== position ? <span className="sr-only">{` (${LABEL[state]})`}</span> : null}
    </button>
  );
}

/** "N new" above a list: rows that arrived since it was loaded, inserted when the reader asks. */
export function NewRowsBanner({ family, onShow }: { family: LiveFamily; onShow: () => Promise<unknown> }) {
  const live = useContext(LiveContext);
  const noop = useCallback(() => () => {}, []);
  useSyncExternalStore(live?.subscribe ?? noop, live?.version ?? (() => 0), () => 0);
  const count = live?.newCount(family) ?? 0;
  const [busy, setBusy] = useState(false);
  const clearNew = live?.clearNew;
  // the list just loaded: what was counted before is in it
  useEffect(() => clearNew?.(family), [clearNew, family]);
  if (!live || count === 0) return null;
  return (
    <button
      type="button"
      data-testid="new-rows-banner"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        live.clearNew(family);
        void onShow().finally(() => setBusy(false));
      }}
      className="mb-3 w-full rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm font-medium text-indigo-700 hover:bg-indigo-100 disabled:opacity-60"
    >
      {count >= 1000 ? "1000+" : count} new — show
    </button>
  );
}
