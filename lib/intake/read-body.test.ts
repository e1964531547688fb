import { describe, expect, it } from "vitest";
import { bodyForStorage, readBodyCapped } from "./read-body";

const streamOf = (chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(ch);
      c.close();
    },
  });

describe("readBodyCapped", () => {
  it("returns the exact bytes under the cap", async () => {
    const r = await readBodyCapped(new Request("http://x", { method: "POST", body: "héllo" }), 100);
    expect(r.ok && r.bytes.toString("utf8")).toBe("héllo");
  });

  it("refuses by Content-Length before reading", async () => {
    const req = new Request("http://x", { method: "POST", body: "x", headers: { "content-length": "5000" } });
    expect(await readBodyCapped(req, 100)).toMatchObject({ ok: false, tooLarge: true });
  });

  it("stops a chunked body as soon as it passes the cap", async () => {
    const chunk = new Uint8Array(60);
    const req = new Request("http://x", { method: "POST", body: streamOf([chunk, chunk, chunk]), duplex: "half" } as RequestInit);
    expect(await readBodyCapped(req, 100)).toEqual({ ok: false, tooLarge: true, seen: 120 });
  });
});

describe("bodyForStorage", () => {
  it("keeps valid UTF-8 as text and anything else as base64, losing no byte", () => {
    expect(bodyForStorage(Buffer.from('{"a":"é"}'))).toEqual({ text: '{"a":"é"}', encoding: "utf8" });
    const bad = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const stored = bodyForStorage(bad);
    expect(stored.encoding).toBe("base64");
    expect(Buffer.from(stored.text, "base64")).toEqual(bad);
  });

  it("stores UTF-8 holding a NUL byte as base64 (PostgreSQL text cannot hold U+0000)", () => {
    const nul = Buffer.from('{"a":"\u0000"}');
    expect(nul.includes(0)).toBe(true);
    const stored = bodyForStorage(nul);
    expect(stored.encoding).toBe("base64");
    expect(Buffer.from(stored.text, "base64")).toEqual(nul);
  });
});
