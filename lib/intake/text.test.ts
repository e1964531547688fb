import { describe, expect, it } from "vitest";
import { clip, escapeUnstorable, MAX_ID_LENGTH, unstorable } from "./text";

describe("storable text", () => {
  it("finds U+0000 and unpaired surrogates, not well-formed pairs", () => {
    expect(unstorable("plain")).toBe(false);
    expect(unstorable("emoji \ud83d\ude00")).toBe(false);
    expect(unstorable("a\u0000b")).toBe(true);
    expect(unstorable("\ud800")).toBe(true);
    expect(unstorable("x\udc00")).toBe(true);
    expect(unstorable("\ude00\ud83d")).toBe(true);
  });

  it("escapes them as six-character \\uXXXX, leaving everything else (pairs included) alone", () => {
    expect(escapeUnstorable("a\u0000b")).toBe("a\\u0000b");
    expect(escapeUnstorable("\ud83d\ude00 \ud800 \udfff")).toBe("\ud83d\ude00 \\ud800 \\udfff");
    expect(escapeUnstorable("no change")).toBe("no change");
    expect(unstorable(escapeUnstorable("\u0000\ud800\udc00\udc00"))).toBe(false);
  });

  it("clips to a length, marks the cut, and never splits a surrogate pair", () => {
    expect(clip("abc", 5)).toBe("abc");
    expect(clip(null, 5)).toBeNull();
    const long = "n".repeat(2800);
    expect(clip(long, MAX_ID_LENGTH)).toHaveLength(MAX_ID_LENGTH);
    expect(clip(long, MAX_ID_LENGTH).endsWith("…")).toBe(true);
    const cut = clip("ab\ud83d\ude00cd", 4);
    expect(unstorable(cut)).toBe(false);
    expect(cut).toBe("ab…");
    expect(clip("a\u0000", 10)).toBe("a\\u0000");
  });
});
