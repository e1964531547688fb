export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyRead = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true; seen: number };

/** Reads the request body without ever holding more than `max` + one chunk in memory. */
export async function readBodyCapped(req: Request, max = MAX_BODY_BYTES): Promise<BodyRead> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > max) return { ok: false, tooLarge: true, seen: 0 };
  if (!req.body) return { ok: true, bytes: Buffer.alloc(0) };
  const reader = req.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return { ok: false, tooLarge: true, seen: size };
    }
    chunks.push(Buffer.from(value));
  }
  return { ok: true, bytes: Buffer.concat(chunks, size) };
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
