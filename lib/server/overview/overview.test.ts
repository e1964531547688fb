import { describe, expect, it } from "vitest";
import { bucketStarts, percentiles } from "./get";

describe("percentiles", () => {
  it("is empty without samples", () => expect(percentiles([])).toEqual({ p50: null, p95: null, samples: 0 }));
  it("takes the nearest rank, whatever the input order", () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(v)).toEqual({ p50: 50, p95: 95, samples: 100 });
    expect(percentiles([7])).toEqual({ p50: 7, p95: 7, samples: 1 });
  });
});

describe("bucketStarts", () => {
  const now = new Date("2026-11-29T17:43:10Z");
  it("1h: twelve 5-minute buckets ending with the one that holds now", () => {
    const b = bucketStarts(now, "1h");
    expect(b).toHaveLength(12);
    expect(b.at(-1)!.toISOString()).toBe("2026-11-29T17:40:00.000Z");
    expect(b[0]!.toISOString()).toBe("2026-11-29T16:45:00.000Z");
  });
  it("24h and 7d: hourly and 6-hourly", () => {
    expect(bucketStarts(now, "24h").at(-1)!.toISOString()).toBe("2026-11-29T17:00:00.000Z");
    const week = bucketStarts(now, "7d");
    expect(week).toHaveLength(28);
    expect(week.at(-1)!.toISOString()).toBe("2026-11-29T12:00:00.000Z");
    expect(week[1]!.getTime() - week[0]!.getTime()).toBe(6 * 3_600_000);
  });
});
