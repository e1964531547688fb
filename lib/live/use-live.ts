"use client";
// The browser end of the live stream: one EventSource per tab, closed while the tab is hidden or
// the operator paused it, reopened from the last message id (`?after=`) so nothing is missed;
// after repeated failures it gives way to polling and tries the stream again now and then.
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { liveMessageSchema, type LiveMessage } from "./message";

export type LiveState = "connecting" | "live" | "paused" | "hidden" | "polling";

/** Failures in a row (without a message or an open in between) before falling back to polling. */
export const FAILURES_BEFORE_POLLING = 3;
/** While polling, how long before trying the stream again. */
export const STREAM_RETRY_MS = 30_000;

export type UseLiveOptions = {
  enabled: boolean;
  onMessage: (m: LiveMessage) => void;
  /** the server could not replay what was missed: reload everything */
  onReset: () => void;
  /**
   * A stream opened without a cursor has begun (its `hello`): it carries what commits from now on,
   * and data loaded before it may lack what committed in between.
   */
  onFresh?: () => void;
  url?: string;
};

export function useLive({ enabled, onMessage, onReset, onFresh, url = "/api/console/stream" }: UseLiveOptions): LiveState {
  const visible = useSyncExternalStore(subscribeVisibility, () => document.visibilityState !== "hidden", () => true);
  const [conn, setConn] = useState<"connecting" | "live" | "polling">("connecting");
  const lastId = useRef<string | null>(null);
  const handlers = useRef({ onMessage, onReset, onFresh });
  useEffect(() => {
    handlers.current = { onMessage, onReset, onFresh };
  });

  useEffect(() => {
    if (!enabled || !visible) return;
    let es: EventSource | null = null;
    let failures = 0;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;

    const open = () => {
      if (stopped) return;
      // a manual reopen carries the cursor in the URL; EventSource's own reconnects send Last-Event-ID
      es = new EventSource(lastId.current ? `${url}?after=${encodeURIComponent(lastId.current)}` : url);
      es.onopen = () => {
        failures = 0;
        setConn("live");
      };
      es.addEventListener("change", (ev) => {
        const e = ev as MessageEvent<string>;
        failures = 0;
        let parsed: LiveMessage;
        try {
          parsed = liveMessageSchema.parse(JSON.parse(e.data));
        } catch {
          return;
        }
        lastId.current = e.lastEventId || parsed.id;
        handlers.current.onMessage(parsed);
      });
      es.addEventListener("hello", (ev) => {
        // only a stream opened without a cursor says hello; one that reopens from a cursor replays
        lastId.current ??= (ev as MessageEvent<string>).lastEventId || null;
        handlers.current.onFresh?.();
      });
      es.addEventListener("reset", () => handlers.current.onReset());
      es.onerror = () => {
        failures++;
        if (failures < FAILURES_BEFORE_POLLING && es?.readyState !== EventSource.CLOSED) return;
        es?.close();
        es = null;
        if (failures >= FAILURES_BEFORE_POLLING) {
          setConn("polling");
          retry = setTimeout(() => {
            failures = FAILURES_BEFORE_POLLING - 1;
            open();
          }, STREAM_RETRY_MS);
        } else {
          // closed for good by the browser (an HTTP error answer): try again shortly
          retry = setTimeout(open, 2_000);
        }
      };
    };
    open();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      es?.close();
      setConn("connecting");
    };
  }, [enabled, visible, url]);

  return !enabled ? "paused" : !visible ? "hidden" : conn;
}

function subscribeVisibility(cb: () => void) {
  document.addEventListener("visibilitychange", cb);
  return () => document.removeEventListener("visibilitychange", cb);
}
