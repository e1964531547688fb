// One outbound POST. Never throws: every outcome, including timeouts and refused connections,
// comes back as data for the attempt row.
export const SEND_TIMEOUT_MS = 10_000;
export const MAX_STORED_BODY_BYTES = 64 * 1024;

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type SendResult = {
  durationMs: number;
  status: number | null;
  headers: Record<string, string> | null;
  body: string | null;
  error: string | null;
  retryAfter: string | null;
};

/**
 * Rejects with the signal's reason once it aborts. Raced against the fetch and every body read, so
 * the timeout bounds a send by itself: undici honours the signal (headers and body), but a fetch
 * that did not would otherwise hold its pass, and every claim in it, for good.
 */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

async function readCapped(res: Response, aborted: Promise<never>): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await Promise.race([reader.read(), aborted]).catch((e: unknown) => {
      void reader.cancel().catch(() => undefined);
      throw e;
    });
    if (done) break;
    const room = MAX_STORED_BODY_BYTES - size;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return truncated ? `${text}\n…[truncated at 64 KiB]` : text;
}

function describe(e: unknown, timeoutMs: number): string {
  // error texts are stored, logged and returned by the API: never let URL credentials through
  return describeRaw(e, timeoutMs).replace(/(\w+:\/\/)[^/@\s]*@/g, "$1[redacted]@");
}

function describeRaw(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string; name?: string } };
  if (err?.name === "TimeoutError" || err?.name === "AbortError") return `Timed out after ${timeoutMs / 1000} s`;
  const cause = err?.cause;
  // the address rules' own refusal (egress.ts) is already the whole story for the attempt row
  if (cause?.name === "EgressRefused" && cause.message) return cause.message;
  if (cause?.code) return [cause.code, cause.message].filter(Boolean).join(": ");
  if (cause?.message) return `${err.message || "request failed"}: ${cause.message}`;
  return err?.message || String(e);
}

export async function postJson(
  fetchImpl: FetchLike,
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs = SEND_TIMEOUT_MS,
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(timeoutMs);
  const aborted = whenAborted(signal);
  // settled by the timer even when the send finished first: nobody waits on it then
  aborted.catch(() => undefined);
  try {
    const res = await Promise.race([fetchImpl(url, { method: "POST", headers, body, redirect: "manual", signal }), aborted]);
    const responseHeaders: Record<string, string> = {};
    res.headers.forEach((v, k) => (responseHeaders[k] = v));
    let text: string;
    try {
      text = await readCapped(res, aborted);
    } catch (e) {
      text = `[response body unreadable: ${describe(e, timeoutMs)}]`;
    }
    // redirect: "manual" hands back an opaque redirect in browsers and the 3xx itself in Node
    const status = res.type === "opaqueredirect" ? 302 : res.status;
    const ok = status >= 200 && status < 300;
    return {
      durationMs: elapsed(),
      status,
      headers: responseHeaders,
      body: text,
      error: ok ? null : status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed` : `HTTP ${status}`,
      retryAfter: res.headers.get("retry-after"),
    };
  } catch (e) {
    return { durationMs: elapsed(), status: null, headers: null, body: null, error: describe(e, timeoutMs), retryAfter: null };
  }
}
