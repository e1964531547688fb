import { describe, expect, it } from "vitest";
import { isoDate, isoToLocalInput, localInputToIso, oneOf, text } from "./search-params";

describe("URL filter readers", () => {
  it("oneOf keeps only allowed values", () => {
    expect(oneOf("failed", ["done", "failed"] as const)).toBe("failed");
    expect(oneOf("nope", ["done", "failed"] as const)).toBeNull();
    expect(oneOf(null, ["done"] as const)).toBeNull();
  });

  it("text trims and drops blanks", () => {
    expect(text("  s-1 ")).toBe("s-1");
    expect(text("   ")).toBeNull();
    expect(text(null)).toBeNull();
  });

  it("isoDate normalises to UTC and drops invalid dates", () => {
    expect(isoDate("2026-11-23T12:00:00+02:00")).toBe("2026-11-23T10:00:00.000Z");
    expect(isoDate("not a date")).toBeNull();
  });

  it("datetime-local values are read and written as UTC", () => {
    expect(localInputToIso("2026-11-23T10:05")).toBe("2026-11-23T10:05:00.000Z");
    expect(isoToLocalInput("2026-11-23T10:05:00.000Z")).toBe("2026-11-23T10:05");
    expect(localInputToIso("")).toBeNull();
    expect(isoToLocalInput(null)).toBe("");
  });
});
