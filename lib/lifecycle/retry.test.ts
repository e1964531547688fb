import { describe, expect, it } from "vitest";
import { nextPipaiRetry, PIPAI_RETRY_DELAYS_MS, sortDeliveries } from "./retry";

const created = "2026-11-20T09:00:00.000Z";

describe("nextPipaiRetry", () => {
  it("follows the documented schedule after each attempt", () => {
    const expected = ["09:00:06", "09:00:10", "09:00:35", "09:02:05", "09:10:05", "09:30:05", "11:00:05", "15:00:05", "2026-11-21T09:00:05"];
    PIPAI_RETRY_DELAYS_MS.forEach((_, i) => {
      const r = nextPipaiRetry({ attempt: i + 1, received_at: "2026-11-20T09:00:05.000Z" }, null);
      const at = expected[i]!.includes("T") ? `${expected[i]}.000Z` : `2026-11-20T${expected[i]}.000Z`;
      expect(r).toEqual({ kind: "scheduled", attempt: i + 2, at });
    });
    expect(nextPipaiRetry({ attempt: 1, received_at: "2026-11-20T09:00:00.000Z" }, created)).toEqual({ kind: "scheduled", attempt: 2, at: "2026-11-20T09:00:01.000Z" });
  });

  it("gives up after attempt 10 or 24 h after the event, and says why", () => {
    expect(nextPipaiRetry({ attempt: 10, received_at: "2026-11-21T09:00:00.000Z" }, created)).toEqual({ kind: "exhausted", reason: "attempt 10 is the last (10 attempts)" });
    expect(nextPipaiRetry({ attempt: 9, received_at: "2026-11-20T15:00:00.000Z" }, created)).toEqual({ kind: "exhausted", reason: "PipAI gives up 24 h after the event" });
    expect(nextPipaiRetry({ attempt: 8, received_at: "2026-11-20T12:00:00.000Z" }, created)).toEqual({ kind: "scheduled", attempt: 9, at: "2026-11-20T18:00:00.000Z" });
  });

  it("cannot predict without an attempt number", () => {
    expect(nextPipaiRetry({ attempt: null, received_at: created }, created).kind).toBe("unknown");
    expect(nextPipaiRetry({ attempt: 0, received_at: created }, created).kind).toBe("unknown");
  });

  it("orders deliveries by receipt, then attempt", () => {
    const d = (attempt: number, received_at: string) => ({ delivery_id: "d", attempt, received_at, outcome: "accepted", http_status: 200 });
    expect(sortDeliveries([d(2, "2026-11-20T09:00:02Z"), d(1, "2026-11-20T09:00:01Z")]).map((x) => x.attempt)).toEqual([1, 2]);
  });
});
