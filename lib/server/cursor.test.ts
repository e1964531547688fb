import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, keyset, page } from "./cursor";

describe("keyset", () => {
  it("without a cursor: no filter, ordered by key then id, one row more than the page", () => {
    expect(keyset("receivedAt", { limit: 50 })).toEqual({
      after: {},
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: 51,
    });
  });

  it("with a cursor: rows strictly after (at, id), with a bound the index can seek to", () => {
    const at = new Date("2026-11-23T10:00:00.000Z");
    const { after } = keyset("updatedAt", { cursor: encodeCursor(at, "op-2"), limit: 10 });
    expect(after).toEqual({ AND: [{ updatedAt: { lte: at } }, { OR: [{ updatedAt: { lt: at } }, { updatedAt: at, id: { lt: "op-2" } }] }] });
  });

  it("rejects a malformed cursor", () => {
    expect(() => keyset("receivedAt", { cursor: "bm9wZQ", limit: 10 })).toThrow(/invalid cursor/);
  });

  it("page() hands out the cursor of the last row only when a row was left over", () => {
    const at = new Date("2026-11-23T10:00:00.000Z");
    const rows = [{ id: "a" }, { id: "b" }, { id: "c" }];
    const full = page(rows, 2, (r) => ({ at, id: r.id }));
    expect(full.items.map((r) => r.id)).toEqual(["a", "b"]);
    expect(decodeCursor(full.next_cursor ?? undefined)).toEqual({ at, id: "b" });
    expect(page(rows, 3, (r) => ({ at, id: r.id })).next_cursor).toBeNull();
  });
});
