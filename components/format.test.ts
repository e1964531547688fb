import { describe, expect, it } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { shortId } from "./format";

describe("shortId", () => {
  it("keeps the head of provider ids", () => {
    expect(shortId("cbf4cfa9-9a8c-4752-a47a-08e052d70bd0")).toBe("cbf4cfa9…");
    expect(shortId("evt_36316ef1d4")).toBe("evt_3631…");
    expect(shortId("short")).toBe("short");
  });

  it("tells apart UUIDv7 ids made in the same minute by their random tail", () => {
    const now = Date.now();
    const ids = Array.from({ length: 50 }, (_, i) => uuidv7(now + i));
    const shown = ids.map((id) => shortId(id));
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBeLessThanOrEqual(2);
    expect(new Set(shown).size).toBe(50);
    expect(shown[0]).toBe(`…${ids[0]!.slice(-8)}`);
  });
});
