import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide, MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, parseRetryAfter, RETRY_DELAYS_MS } from "./schedule";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const fail500 = { kind: "response", status: 500, retryAfter: null } as const;

describe("retry schedule", () => {
  it("waits 1 s, 5 s, 30 s, 2 min, 10 min, 30 min, 2 h, 6 h, 24 h, then gives up after the 10th failure", () => {
    const delays: number[] = [];
    for (let failures = 0; failures < MAX_ATTEMPTS; failures++) {
      const d = decide(fail500, failures, NOW);
      if (d.outcome === "retry") delays.push(d.delayMs);
      else {
        expect(d).toEqual({ outcome: "failed", reason: "Gave up after 10 attempts" });
        expect(failures + 1).toBe(10);
      }
    }
    expect(delays).toEqual([1_000, 5_000, 30_000, 120_000, 600_000, 1_800_000, 7_200_000, 21_600_000, 86_400_000]);
    expect(MAX_ATTEMPTS).toBe(10);
  });

  it("delivers on any 2xx", () => {
    for (const status of [200, 201, 204, 299]) expect(decide({ kind: "response", status, retryAfter: null }, 3, NOW)).toEqual({ outcome: "delivered" });
  });

  it("treats 3xx (redirects are not followed), 4xx, 5xx and transport errors as failures", () => {
    for (const status of [301, 302, 400, 401, 404, 500, 502]) expect(decide({ kind: "response", status, retryAfter: null }, 0, NOW)).toEqual({ outcome: "retry", delayMs: 1_000 });
    expect(decide({ kind: "transport", error: "ECONNREFUSED" }, 1, NOW)).toEqual({ outcome: "retry", delayMs: 5_000 });
  });

  it("stops at once on 410 with a reason", () => {
    expect(decide({ kind: "response", status: 410, retryAfter: null }, 0, NOW)).toEqual({ outcome: "failed", reason: "Receiver answered 410 Gone; retries stopped" });
  });

  it("honours Retry-After on 429 and 503, never sooner than the schedule", () => {
    expect(decide({ kind: "response", status: 429, retryAfter: "120" }, 0, NOW)).toEqual({ outcome: "retry", delayMs: 120_000 });
    expect(decide({ kind: "response", status: 503, retryAfter: new Date(NOW + 90_000).toUTCString() }, 0, NOW)).toEqual({ outcome: "retry", delayMs: 90_000 });
    expect(decide({ kind: "response", status: 503, retryAfter: "0" }, 2, NOW)).toEqual({ outcome: "retry", delayMs: 30_000 });
    // other statuses ignore it
    expect(decide({ kind: "response", status: 500, retryAfter: "120" }, 0, NOW)).toEqual({ outcome: "retry", delayMs: 1_000 });
  });

  it("always ends: any sequence of failures reaches failed by the 10th attempt", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(400, 429, 500, 503, 302), { minLength: 10, maxLength: 10 }), fc.array(fc.option(fc.nat(10_000_000).map(String)), { minLength: 10, maxLength: 10 }), (statuses, afters) => {
        for (let i = 0; i < 10; i++) {
          const d = decide({ kind: "response", status: statuses[i]!, retryAfter: afters[i] ?? null }, i, NOW);
          if (i < 9) {
            expect(d.outcome).toBe("retry");
            if (d.outcome === "retry") {
              expect(d.delayMs).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[i]!);
              expect(d.delayMs).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
            }
          } else expect(d.outcome).toBe("failed");
        }
      }),
    );
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("30", NOW)).toBe(30_000);
    expect(parseRetryAfter(" 5 ", NOW)).toBe(5_000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 12:01:00 GMT", NOW)).toBe(60_000);
  });

  it("clamps past dates to 0 and huge values to the cap", () => {
    expect(parseRetryAfter("Mon, 23 Nov 2026 11:00:00 GMT", NOW)).toBe(0);
    expect(parseRetryAfter("99999999", NOW)).toBe(MAX_RETRY_AFTER_MS);
  });

  it("returns null for absent or unreadable values", () => {
    for (const v of [null, undefined, "", "soon", "-5", "1.5", "+3"]) expect(parseRetryAfter(v, NOW)).toBeNull();
  });
});
