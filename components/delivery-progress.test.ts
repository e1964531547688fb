import { describe, expect, it } from "vitest";
import { dueIn, progressText } from "./delivery-progress";

const NOW = Date.parse("2026-11-29T12:00:00.000Z");
const at = (ms: number) => new Date(NOW + ms).toISOString();
const base = { attempts: 0, schedule_attempts: 0, max_attempts: 10, next_attempt_at: null };

describe("dueIn", () => {
  it("rounds up and changes unit at a minute, an hour and a day", () => {
    expect(dueIn(-5)).toBe("now");
    expect(dueIn(0)).toBe("now");
    expect(dueIn(1)).toBe("in 1 s");
    expect(dueIn(45_000)).toBe("in 45 s");
    expect(dueIn(59_001)).toBe("in 1 min");
    expect(dueIn(60_000)).toBe("in 1 min");
    expect(dueIn(8 * 60_000 + 1)).toBe("in 9 min");
    expect(dueIn(3_600_000)).toBe("in 1 h");
    expect(dueIn(6 * 3_600_000)).toBe("in 6 h");
    expect(dueIn(86_400_000)).toBe("in 1 d");
  });
});

describe("progressText", () => {
  it("says which attempt of the schedule failed last and when the next one is due", () => {
    expect(progressText({ ...base, console_status: "failing", attempts: 5, schedule_attempts: 5, next_attempt_at: at(9 * 60_000) }, NOW)).toBe("attempt 5 of 10 · next in 9 min");
    expect(progressText({ ...base, console_status: "failing", attempts: 1, schedule_attempts: 1, next_attempt_at: at(-1000) }, NOW)).toBe("attempt 1 of 10 · next due now");
  });

  it("counts the current schedule, not the attempts of earlier ones, after a manual retry", () => {
    expect(progressText({ ...base, console_status: "failing", attempts: 12, schedule_attempts: 2, next_attempt_at: at(30_000) }, NOW)).toBe("attempt 2 of 10 · next in 30 s");
  });

  it("describes queued, delivered and given-up deliveries", () => {
    expect(progressText({ ...base, console_status: "pending" }, NOW)).toBe("queued");
    expect(progressText({ ...base, console_status: "pending", next_attempt_at: at(0) }, NOW)).toBe("queued · due now");
    expect(progressText({ ...base, console_status: "pending", next_attempt_at: at(120_000) }, NOW)).toBe("queued · first attempt in 2 min");
    expect(progressText({ ...base, console_status: "delivered", attempts: 1 }, NOW)).toBe("delivered on the first attempt");
    expect(progressText({ ...base, console_status: "delivered", attempts: 3, schedule_attempts: 2 }, NOW)).toBe("delivered after 3 attempts");
    expect(progressText({ ...base, console_status: "failed", attempts: 2, schedule_attempts: 2 }, NOW)).toBe("gave up at attempt 2 of 10");
    expect(progressText({ ...base, console_status: "failed", attempts: 10, schedule_attempts: 10 }, NOW)).toBe("gave up at attempt 10 of 10");
  });
});
