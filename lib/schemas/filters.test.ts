import { describe, expect, it } from "vitest";
import { OPERATION_STATUSES } from "@/lib/lifecycle/status";
import { prefixRange } from "@/lib/server/prefix";
import { idPrefix, isPlausibleId, statusList, typePrefix } from "./filters";

describe("idPrefix", () => {
  const p = idPrefix("strategy_id");
  it("takes 8 characters up to 128, trimmed", () => {
    expect(p.parse("902c3c34")).toBe("902c3c34");
    expect(p.parse("  902c3c34-aa ")).toBe("902c3c34-aa");
    expect(p.parse("a".repeat(128))).toHaveLength(128);
  });
  it("refuses fewer than 8 characters with a message that says why", () => {
    const r = p.safeParse("902c3c3");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/strategy_id needs at least 8 characters/);
    expect(p.safeParse("   abc    ").success).toBe(false);
  });
  it("refuses control characters and oversized values", () => {
    expect(p.safeParse("902c3c34\u0000").success).toBe(false);
    expect(p.safeParse("902c\u001b3c34").success).toBe(false);
    expect(p.safeParse("a".repeat(129)).success).toBe(false);
  });
});

describe("statusList", () => {
  const s = statusList(OPERATION_STATUSES);
  it("splits, trims and de-duplicates", () => {
    expect(s.parse("pricing,settling")).toEqual(["pricing", "settling"]);
    expect(s.parse(" pricing , pricing,,")).toEqual(["pricing"]);
  });
  it("refuses unknown and empty values", () => {
    expect(s.safeParse("pricing,bogus").error?.issues[0]?.message).toMatch(/unknown status "bogus"/);
    expect(s.safeParse(",,").success).toBe(false);
    expect(s.safeParse("x".repeat(301)).success).toBe(false);
  });
});

describe("the pages' readers", () => {
  it("statusList answers the statuses in their own order, so one set is one filter", () => {
    expect(statusList(OPERATION_STATUSES).parse("settled,pricing")).toEqual(["pricing", "settled"]);
    expect(statusList(OPERATION_STATUSES).parse("pricing,settled")).toEqual(["pricing", "settled"]);
  });
  it("typePrefix and isPlausibleId refuse control characters", () => {
    expect(typePrefix.safeParse("trade_strategy").success).toBe(true);
    expect(typePrefix.safeParse("trade\u0000").success).toBe(false);
    expect(isPlausibleId("abc\u0000")).toBe(false);
    expect(isPlausibleId("x".repeat(129))).toBe(false);
    expect(isPlausibleId("0192-abc")).toBe(true);
  });
});

describe("prefixRange", () => {
  it("covers exactly the strings that start with the prefix, in byte order", () => {
    const r = prefixRange("902c3c34");
    const inRange = (v: string) => v >= r.gte && v < r.lt;
    expect(inRange("902c3c34")).toBe(true);
    expect(inRange("902c3c34-0000-4000-8000-000000000000")).toBe(true);
    expect(inRange("902c3c34~~~~")).toBe(true);
    expect(inRange("902c3c33ffff")).toBe(false);
    expect(inRange("902c3c35")).toBe(false);
    expect(inRange("902C3C34")).toBe(false);
  });
});
