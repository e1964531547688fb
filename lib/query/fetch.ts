/** Error thrown for any non-2xx response; `message` is the API's `error.message` when present. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(message: string, status: number, code: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.code === "not_found");
}

function extractError(body: unknown): { code?: string; message?: string } {
  if (typeof body !== "object" || body === null || !("error" in body)) return {};
  const err = (body as { error: unknown }).error;
  // the relay API's shape: {"success": false, "error": "..."}
  if (typeof err === "string") return { message: err };
  if (typeof err !== "object" || err === null) return {};
  const { code, message } = err as { code?: unknown; message?: unknown };
  return {
    code: typeof code === "string" ? code : undefined,
    message: typeof message === "string" ? message : undefined,
  };
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(`Network error: ${e instanceof Error ? e.message : String(e)}`, 0, "network_error");
  }

  const text = await res.text();
  let body: unknown = undefined;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }

  if (res.status === 401 && typeof window !== "undefined" && !window.location.pathname.startsWith("/login")) {
    // the session ended (expired, signed out elsewhere, user disabled): sign in again and come back
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  if (!res.ok) {
    const { code, message } = extractError(body);
    throw new ApiError(
      message ?? `Request failed with HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`,
      res.status,
      code ?? "http_error",
    );
  }
  if (body === undefined) {
    throw new ApiError("The server returned an invalid JSON response", res.status, "invalid_response");
  }
  return body as T;
}

/** Builds `path?query` from a record, skipping empty values. */
export function withQuery(path: string, params: Record<string, string | null | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * POST/PATCH a JSON body (an empty object when none) and parse the JSON answer; errors as
 * fetchJson. Always JSON: the console's mutations refuse other content types (a cross-site form
 * cannot send one without a preflight).
 */
export function sendJson<T>(url: string, method: "POST" | "PATCH", body?: unknown): Promise<T> {
  return fetchJson<T>(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
}
