import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyRead =
  | { ok: true; bytes: Buffer }
  | { ok: false; tooLarge: true; seen: number }
  /** The sender went away before the end of the body. */
  | { ok: false; aborted: true; seen: number }
  /** The body broke HTTP framing (a bad chunk size, say): the parser gave up on the connection. */
  | { ok: false; malformed: true; seen: number };

/**
 * Connections whose request the HTTP parser refused. The server's 'clientError' listener marks the
 * socket before the request is told it was aborted, so the reader can tell a malformed body from a
 * sender that went away.
 */
const malformed = new WeakSet<Socket>();
export function markMalformed(socket: Socket) {
  malformed.add(socket);
}

const declaredTooLarge = (contentLength: string | null | undefined, max: number) => {
  const declared = Number(contentLength ?? "");
  return contentLength != null && contentLength !== "" && Number.isFinite(declared) && declared > max;
};

/** Reads a fetch Request body without ever holding more than `max` + one chunk in memory. */
export async function readBodyCapped(req: Request, max = MAX_BODY_BYTES): Promise<BodyRead> {
  if (declaredTooLarge(req.headers.get("content-length"), max)) return { ok: false, tooLarge: true, seen: 0 };
  if (!req.body) return { ok: true, bytes: Buffer.alloc(0) };
  const reader = req.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    let r: ReadableStreamReadResult<Uint8Array>;
    try {
      r = await reader.read();
    } catch {
      return { ok: false, aborted: true, seen: size };
    }
    if (r.done) break;
    size += r.value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return { ok: false, tooLarge: true, seen: size };
    }
    chunks.push(Buffer.from(r.value));
  }
  return { ok: true, bytes: Buffer.concat(chunks, size) };
}

/**
 * The same for a node:http request. Past the cap it stops listening and pauses the socket; the
 * caller answers 413 and closes the connection (nothing more is read or kept).
 */
export function readNodeBodyCapped(req: IncomingMessage, max = MAX_BODY_BYTES): Promise<BodyRead> {
  if (declaredTooLarge(req.headers["content-length"], max)) return Promise.resolve({ ok: false, tooLarge: true, seen: 0 });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (r: BodyRead) => {
      req.off("data", onData).off("end", onEnd).off("error", onAbort).off("close", onAbort);
      resolve(r);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.pause();
        finish({ ok: false, tooLarge: true, seen: size });
      } else chunks.push(c);
    };
    const onEnd = () => finish({ ok: true, bytes: Buffer.concat(chunks, size) });
    const onAbort = () => finish(req.socket && malformed.has(req.socket) ? { ok: false, malformed: true, seen: size } : { ok: false, aborted: true, seen: size });
    req.on("data", onData).on("end", onEnd).on("error", onAbort).on("close", onAbort);
  });
}

/** Text for storage: UTF-8 when valid, otherwise base64 so not one byte is lost. */
export function bodyForStorage(bytes: Buffer): { text: string; encoding: "utf8" | "base64" } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    // PostgreSQL text cannot hold U+0000: such a body is kept losslessly as base64 instead
    if (text.includes("\u0000")) return { text: bytes.toString("base64"), encoding: "base64" };
    return { text, encoding: "utf8" };
  } catch {
    return { text: bytes.toString("base64"), encoding: "base64" };
  }
}

/** What the inbound log keeps of a rejected request's body: anyone can send 1 MiB of junk. */
export const MAX_REJECTED_BODY_BYTES = 8 * 1024;

export type RejectedBody = { rawBody: string; bodyEncoding: "utf8" | "base64"; bodyLength: number; bodySha256: string };

/**
 * A rejected body for storage: the first 8 KiB (cut back to a whole UTF-8 character when the body
 * is text), its full length and the sha256 of all of it, so a truncated body can still be matched
 * against what the sender has.
 */
export function rejectedBodyForStorage(bytes: Buffer, max = MAX_REJECTED_BODY_BYTES): RejectedBody {
  const whole = { bodyLength: bytes.length, bodySha256: createHash("sha256").update(bytes).digest("hex") };
  if (bytes.length <= max) {
    const s = bodyForStorage(bytes);
    return { rawBody: s.text, bodyEncoding: s.encoding, ...whole };
  }
  // a UTF-8 character is at most 4 bytes: one of the last four cuts ends on a character boundary
  for (let cut = max; cut > max - 4; cut--) {
    const s = bodyForStorage(bytes.subarray(0, cut));
    if (s.encoding === "utf8") return { rawBody: s.text, bodyEncoding: "utf8", ...whole };
  }
  return { rawBody: bytes.subarray(0, max).toString("base64"), bodyEncoding: "base64", ...whole };
}
