import { describe, expect, it } from "vitest";
import { newTally, percentile, record, summary } from "./stats";

describe("simulator tally", () => {
  it("counts accepted, duplicates and rejections by reason from the answers", () => {
    const t = newTally();
    record(t, "valid", { status: 200, body: { duplicate: false } }, 5);
    record(t, "valid", { status: 200, body: {} }, 7);
    record(t, "duplicate", { status: 200, body: { duplicate: true } }, 3);
    record(t, "bad-signature", { status: 401, body: { error: "invalid signature" } }, 2);
    record(t, "bad-signature", { status: 401, body: { error: "invalid signature" } }, 2);
    record(t, "valid", { status: 503, body: null }, 100);
    record(t, "valid", { networkError: "ECONNREFUSED" }, 1);
    t.dropped = 4;
    expect(t).toMatchObject({ sent: 7, accepted: 2, duplicates: 1, unexpectedlyAccepted: 0 });
    expect(Object.fromEntries(t.rejected)).toEqual({ "401 invalid signature": 2, "503 (no reason given)": 1, "no answer: ECONNREFUSED": 1 });
    const text = summary(t, 2);
    expect(text).toContain("sent        7 in 2.0 s (3.5/s); 4 dropped on purpose, not sent");
    expect(text).toContain("rejected    4\n       2  401 invalid signature");
    expect(text).toContain("latency     p50 3.0 ms, p99 100.0 ms");
    expect(text).not.toContain("WARNING");
  });

  it("warns when a request signed to fail was accepted", () => {
    const t = newTally();
    record(t, "stale", { status: 200, body: {} }, 1);
    expect(summary(t, 1)).toContain("WARNING     1 request(s) signed to be rejected were accepted");
  });

  it("takes nearest-rank percentiles", () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([4], 99)).toBe(4);
    expect(percentile([], 50)).toBeNaN();
  });
});
