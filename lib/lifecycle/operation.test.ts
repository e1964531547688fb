import { describe, it, expect } from "vitest";
import { reduceOperation } from "./operation";
import { sortEvents } from "./order";
import { ev, opPayload } from "./test-helpers";

const T = (s: number): string => `2026-11-20T09:15:${String(s).padStart(2, "0")}Z`;

describe("reduceOperation examples", () => {
  it("returns null for no events", () => {
    expect(reduceOperation([])).toBeNull();
  });

  it("happy path validating → pricing → settling → settled, whatever the arrival order", () => {
    const events = [
      ev("n4", opPayload("settled", T(9)), "2026-11-20T09:15:09Z"),
      ev("n1", opPayload("validating", T(1)), "2026-11-20T09:15:10Z"),
      ev("n3", opPayload("settling", T(5)), "2026-11-20T09:15:05Z"),
      ev("n2", opPayload("pricing", T(2)), "2026-11-20T09:15:03Z"),
    ];
    const r = reduceOperation(events);
    expect(r).not.toBeNull();
    expect(r?.state).toMatchObject({
      status: "settled",
      status_reason: "",
      updated_at: T(9),
      last_event_at: T(9),
      type: "enrollment",
      event_count: 4,
      first_received_at: "2026-11-20T09:15:03.000Z",
      last_received_at: "2026-11-20T09:15:10.000Z",
    });
    expect(r?.transitions.map((t) => [t.from, t.status, t.applied])).toEqual([
      [null, "validating", true],
      ["validating", "pricing", true],
      ["pricing", "settling", true],
      ["settling", "settled", true],
    ]);
    expect(r?.anomalies).toEqual([]);
  });

  it("settled then pricing: flagged impossible, status stays settled", () => {
    const r = reduceOperation([
      ev("a", opPayload("validating", T(1))),
      ev("b", opPayload("pricing", T(2))),
      ev("c", opPayload("settling", T(3))),
      ev("d", opPayload("settled", T(4))),
      ev("e", opPayload("pricing", T(5))),
    ]);
    expect(r?.state.status).toBe("settled");
    expect(r?.state.updated_at).toBe(T(4));
    expect(r?.state.last_event_at).toBe(T(5));
    const last = r?.transitions[4];
    expect(last).toMatchObject({ from: "settled", status: "pricing", applied: false });
    expect(last?.anomaly).toMatchObject({ code: "impossible_transition", severity: "critical", at: T(5) });
    expect(r?.anomalies.map((a) => a.code)).toEqual(["impossible_transition"]);
  });

  it("a second terminal status is flagged and does not replace the first", () => {
    const r = reduceOperation([
      ev("a", opPayload("validating", T(1))),
      ev("b", opPayload("pricing", T(2))),
      ev("c", opPayload("settling", T(3))),
      ev("d", opPayload("settled", T(4))),
      ev("e", opPayload("failed", T(6), { status_reason: "all_rejected" })),
    ]);
    expect(r?.state.status).toBe("settled");
    expect(r?.transitions[4]).toMatchObject({ from: "settled", status: "failed", applied: false });
    expect(r?.anomalies).toEqual([expect.objectContaining({ code: "two_terminal_statuses", severity: "critical", message: expect.stringContaining("failed after settled") })]);
  });

  it("repeat of the current status under another notification id: kept, not applied, no anomaly", () => {
    const r = reduceOperation([ev("a", opPayload("validating", T(1))), ev("b", opPayload("validating", T(2)))]);
    expect(r?.transitions.map((t) => [t.applied, t.anomaly])).toEqual([
      [true, undefined],
      [false, undefined],
    ]);
    expect(r?.state.updated_at).toBe(T(1));
    expect(r?.anomalies).toEqual([]);
  });

  it("unknown status is kept verbatim; it never moves a known status", () => {
    const r = reduceOperation([
      ev("a", opPayload("validating", T(1))),
      ev("b", opPayload("Quoting-V2", T(2))),
      ev("c", opPayload("pricing", T(3))),
    ]);
    expect(r?.state.status).toBe("pricing");
    expect(r?.transitions[1]).toMatchObject({ status: "Quoting-V2", applied: false, from: "validating" });
    expect(r?.anomalies).toEqual([expect.objectContaining({ code: "unknown_status", severity: "warning", at: T(2) })]);
  });

  it("unknown status becomes current only while no known status is applied", () => {
    const only = reduceOperation([ev("a", opPayload("Quoting-V2", T(1)))]);
    expect(only?.state.status).toBe("Quoting-V2");
    expect(only?.transitions[0]?.applied).toBe(true);
    const later = reduceOperation([ev("a", opPayload("Quoting-V2", T(1))), ev("b", opPayload("validating", T(2)))]);
    expect(later?.state.status).toBe("validating");
    expect(later?.transitions[1]).toMatchObject({ from: "Quoting-V2", status: "validating", applied: true });
  });

  it("ties on updated_at are broken by rank, then notificationId", () => {
    const evs = [
      ev("z", opPayload("settled", T(3))),
      ev("y", opPayload("mystery", T(3))),
      ev("x", opPayload("pricing", T(3))),
      ev("b", opPayload("failed", T(3), { status_reason: "no_executions" })),
      ev("w", opPayload("validating", T(3))),
    ];
    expect(sortEvents("operation", evs).map((e) => e.notificationId)).toEqual(["w", "x", "y", "b", "z"]);
    const r = reduceOperation(evs);
    // failed (id "b") sorts before settled (id "z") at the same instant and same rank: failed wins.
    expect(r?.state.status).toBe("failed");
    expect(r?.transitions.find((t) => t.notification_id === "z")?.anomaly?.code).toBe("two_terminal_statuses");
  });

  it("missed validating (first known status is pricing) is flagged info", () => {
    const r = reduceOperation([ev("b", opPayload("pricing", T(2)))]);
    expect(r?.anomalies).toEqual([
      expect.objectContaining({ code: "missed_events", severity: "info", message: expect.stringContaining("validating") }),
    ]);
  });

  it("settled without settling is flagged; failed straight from validating is not", () => {
    const r = reduceOperation([
      ev("a", opPayload("validating", T(1))),
      ev("b", opPayload("pricing", T(2))),
      ev("c", opPayload("settled", T(3))),
    ]);
    expect(r?.anomalies).toEqual([expect.objectContaining({ code: "missed_events", message: expect.stringContaining("settling") })]);
    const f = reduceOperation([
      ev("a", opPayload("validating", T(1))),
      ev("b", opPayload("failed", T(2), { status_reason: "no_executions" })),
    ]);
    expect(f?.anomalies).toEqual([]);
  });

  it("terminal_reason_mismatch for undocumented pairs", () => {
    const base = [ev("a", opPayload("validating", T(1))), ev("b", opPayload("pricing", T(2))), ev("c", opPayload("settling", T(3)))];
    const bad = reduceOperation([...base, ev("d", opPayload("failed", T(4), { status_reason: "partial_success" }))]);
    expect(bad?.anomalies.map((a) => [a.code, a.severity])).toEqual([["terminal_reason_mismatch", "warning"]]);
    expect(bad?.transitions[3]?.applied).toBe(true);
    const good = reduceOperation([...base, ev("d", opPayload("settled", T(4), { status_reason: "partial_success" }))]);
    expect(good?.anomalies).toEqual([]);
    const nonTerminal = reduceOperation([ev("a", opPayload("validating", T(1), { status_reason: "x" }))]);
    expect(nonTerminal?.anomalies.map((a) => a.code)).toEqual(["terminal_reason_mismatch"]);
  });

  it("descriptive fields come from the latest event that has them non-empty", () => {
    const r = reduceOperation([
      ev("a", opPayload("validating", T(1), { type: "top_up" })),
      ev("b", opPayload("pricing", T(2), { type: "", allocations: [], request_id: "" })),
    ]);
    expect(r?.state.type).toBe("top_up");
    expect(r?.state.allocations).toHaveLength(2);
    expect(r?.state.request_id).toBe("9f8e7d6c-5b4a-4392-8c1d-0e9f8a7b6c5d");
  });

  it("retries of one notification collapse to its earliest delivery", () => {
    const p = opPayload("validating", T(1));
    const r = reduceOperation([ev("a", p, "2026-11-20T09:16:00Z"), ev("a", p, "2026-11-20T09:15:01Z")]);
    expect(r?.state.event_count).toBe(1);
    expect(r?.transitions).toHaveLength(1);
    expect(r?.transitions[0]?.received_at).toBe("2026-11-20T09:15:01.000Z");
    expect(r?.state.first_received_at).toBe("2026-11-20T09:15:01.000Z");
    expect(r?.state.last_received_at).toBe("2026-11-20T09:16:00.000Z");
  });
});
