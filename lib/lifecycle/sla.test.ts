import { describe, expect, it } from "vitest";
import { settledBeforeOperation } from "./anomalies";
import { DEFAULT_STUCK_SLA_TEXT, lagAnomaly, parseDuration, parseStuckSla, stuckAnomaly } from "./sla";

const MIN = 60_000;

describe("parseDuration", () => {
  it("reads ms, s, m, h and d, decimals included", () => {
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("2m")).toBe(2 * MIN);
    expect(parseDuration(" 1h ")).toBe(60 * MIN);
    expect(parseDuration("1.5h")).toBe(90 * MIN);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("1d")).toBe(86_400_000);
  });
  it("refuses what is not a positive duration", () => {
    for (const bad of ["", "5", "m", "-1m", "1w", "1 minute", "0s", "abc"]) expect(() => parseDuration(bad), bad).toThrow(/duration|longer than zero/);
  });
});

describe("parseStuckSla", () => {
  it("defaults every stuck status when unset", () => {
    expect(parseStuckSla(undefined)).toEqual({ validating: 2 * MIN, pricing: 5 * MIN, settling: 15 * MIN, awaiting_execution: 15 * MIN });
    expect(parseStuckSla("")).toEqual(parseStuckSla(DEFAULT_STUCK_SLA_TEXT));
  });
  it("overrides only the statuses given", () => {
    expect(parseStuckSla("pricing=90s, settling=1h")).toEqual({ validating: 2 * MIN, pricing: 90_000, settling: 60 * MIN, awaiting_execution: 15 * MIN });
  });
  it("names the bad entry", () => {
    expect(() => parseStuckSla("pricing")).toThrow(/must be status=duration/);
    expect(() => parseStuckSla("settled=5m")).toThrow(/unknown status "settled"/);
    expect(() => parseStuckSla("pricing=5x")).toThrow(/pricing: "5x" is not a duration/);
    expect(() => parseStuckSla("pricing=1m,pricing=2m")).toThrow(/given twice/);
  });
});

describe("stuckAnomaly", () => {
  const sla = parseStuckSla("pricing=5m");
  const since = "2026-11-20T09:00:00.000Z";
  const at = (ms: number) => new Date(Date.parse(since) + ms);
  it("raises past the status's SLA", () => {
    const a = stuckAnomaly({ kind: "operation", id: "op1", status: "pricing", since }, at(5 * MIN + 1), sla);
    expect(a).toMatchObject({ code: "stuck", severity: "warning", at: since });
    expect(a?.message).toContain('operation op1 stuck in "pricing" for 5m');
  });
  it("not at or before the SLA, not for a status without one, not without a time", () => {
    expect(stuckAnomaly({ kind: "operation", id: "op1", status: "pricing", since }, at(5 * MIN), sla)).toBeNull();
    expect(stuckAnomaly({ kind: "operation", id: "op1", status: "settled", since }, at(100 * MIN), sla)).toBeNull();
    expect(stuckAnomaly({ kind: "execution", id: "x", status: "awaiting_execution", since: null }, at(100 * MIN), sla)).toBeNull();
    expect(stuckAnomaly({ kind: "execution", id: "x", status: "awaiting_execution", since: "garbage" }, at(100 * MIN), sla)).toBeNull();
  });
  it("uses each status's own SLA", () => {
    expect(stuckAnomaly({ kind: "execution", id: "x", status: "awaiting_execution", since: new Date(since) }, at(10 * MIN), sla)).toBeNull();
    expect(stuckAnomaly({ kind: "execution", id: "x", status: "awaiting_execution", since: new Date(since) }, at(16 * MIN), sla)?.code).toBe("stuck");
  });
});

describe("lagAnomaly", () => {
  it("reports the worst arrival over the threshold", () => {
    const a = lagAnomaly(
      [
        { event_at: "2026-11-20T09:00:00Z", received_at: "2026-11-20T09:07:00Z" },
        { event_at: "2026-11-20T09:10:00Z", received_at: "2026-11-20T09:40:00Z" },
      ],
      5 * MIN,
    );
    expect(a).toMatchObject({ code: "provider_lag", at: "2026-11-20T09:10:00Z" });
    expect(a?.message).toContain("30m later");
  });
  it("nothing at or under the threshold, or for unparseable times", () => {
    expect(lagAnomaly([{ event_at: "2026-11-20T09:00:00Z", received_at: "2026-11-20T09:05:00Z" }], 5 * MIN)).toBeNull();
    expect(lagAnomaly([{ event_at: "", received_at: "2026-11-20T09:05:00Z" }], 1)).toBeNull();
    expect(lagAnomaly([], 1)).toBeNull();
  });
});

describe("settledBeforeOperation", () => {
  const op = { id: "op1", status: "settling", last_event_at: "2026-11-20T09:00:00Z" };
  it("raises when executions are terminal under a non-terminal operation", () => {
    expect(settledBeforeOperation(op, 2, "P1, P2")).toMatchObject({ code: "execution_before_operation_terminal", message: expect.stringContaining("2 execution(s) are terminal (P1, P2)") });
  });
  it("not without terminal executions, nor for a terminal operation", () => {
    expect(settledBeforeOperation(op, 0)).toBeNull();
    expect(settledBeforeOperation({ ...op, status: "settled" }, 3)).toBeNull();
  });
});
