import { describe, expect, it } from "vitest";
import { anomalyFilters } from "@/lib/schemas/anomalies";
import { operationFilters } from "@/lib/schemas/console";
import { afterHeadCheck, matchesList, newRowCount, noNewRows, type NewRows } from "./match";
import type { LiveMessage } from "./message";

const AT = "2026-11-29T12:00:00.000Z";
const op: LiveMessage = { id: "0190a000-0000-7000-8000-000000000001", kind: "event", entity: "operation", entity_id: "0190aaaa-1111", operation_id: "0190aaaa-1111", strategy_id: "902c3c34-ffff", status: "settled", ref: "ev-1", at: AT };
const rejected: LiveMessage = { ...op, kind: "inbound", entity: "inbound", entity_id: "in-1", operation_id: null, strategy_id: null, status: "rejected", ref: null };

describe("matchesList: operations", () => {
  it("no filter: every new operation belongs", () => {
    expect(matchesList("operations", {}, op)).toBe("yes");
  });
  it("decides the status tab and the id prefixes from the message", () => {
    expect(matchesList("operations", operationFilters.parse({ status: "settled" }), op)).toBe("yes");
    expect(matchesList("operations", operationFilters.parse({ status: "validating,pricing,settling" }), op)).toBe("no");
    expect(matchesList("operations", operationFilters.parse({ strategy_id: "902c3c34" }), op)).toBe("yes");
    expect(matchesList("operations", operationFilters.parse({ strategy_id: "00000000" }), op)).toBe("no");
    expect(matchesList("operations", operationFilters.parse({ operation_id: "0190aaaa" }), op)).toBe("yes");
    expect(matchesList("operations", operationFilters.parse({ operation_id: "0190bbbb" }), op)).toBe("no");
  });
  it("cannot decide the type or the updated-at range: unknown, unless another filter already says no", () => {
    expect(matchesList("operations", operationFilters.parse({ type: "top_up" }), op)).toBe("unknown");
    expect(matchesList("operations", operationFilters.parse({ from: "2026-11-29T00:00:00Z" }), op)).toBe("unknown");
    expect(matchesList("operations", operationFilters.parse({ type: "top_up", status: "failed" }), op)).toBe("no");
    expect(matchesList("operations", operationFilters.parse({ status: "settled" }), { ...op, status: null })).toBe("unknown");
  });
});

describe("matchesList: deliveries", () => {
  it("a new delivery is real, of its event's operation and strategy, created at receipt", () => {
    expect(matchesList("deliveries", {}, op)).toBe("yes");
    expect(matchesList("deliveries", { kind: "real", operation_id: "0190aaaa" }, op)).toBe("yes");
    expect(matchesList("deliveries", { kind: "test" }, op)).toBe("no");
    expect(matchesList("deliveries", { operation_id: "0190aaaa" }, { ...op, operation_id: null })).toBe("no");
    expect(matchesList("deliveries", { from: new Date("2026-11-29T11:00:00Z"), to: new Date("2026-11-29T13:00:00Z") }, op)).toBe("yes");
    expect(matchesList("deliveries", { to: new Date("2026-11-29T11:00:00Z") }, op)).toBe("no");
  });
  it("its status, answer and event type are the server's to say", () => {
    expect(matchesList("deliveries", { status: "failed" }, op)).toBe("unknown");
    expect(matchesList("deliveries", { http_status: "5xx" }, op)).toBe("unknown");
    expect(matchesList("deliveries", { event_type: "trade_strategy" }, op)).toBe("unknown");
    expect(matchesList("deliveries", { event_type: "trade_strategy", kind: "test" }, op)).toBe("no");
  });
});

describe("matchesList: inbound", () => {
  it("an accepted event is an accepted request; a rejection carries its outcome", () => {
    expect(matchesList("inbound", { outcome: "accepted" }, op)).toBe("yes");
    expect(matchesList("inbound", { outcome: "rejected" }, op)).toBe("no");
    expect(matchesList("inbound", { outcome: "rejected" }, rejected)).toBe("yes");
    expect(matchesList("inbound", { outcome: "duplicate" }, rejected)).toBe("no");
  });
  it("the provider is known for zerohash entities only; a notification id never", () => {
    expect(matchesList("inbound", { provider: "zerohash" }, op)).toBe("yes");
    expect(matchesList("inbound", { provider: "pipai" }, op)).toBe("no");
    expect(matchesList("inbound", { provider: "pipai" }, rejected)).toBe("unknown");
    expect(matchesList("inbound", { notification_id: "evt_1" }, op)).toBe("unknown");
    expect(matchesList("inbound", { notification_id: "evt_1", outcome: "error" }, op)).toBe("no");
  });
});

describe("matchesList: events", () => {
  it("an id the message names matches; another may be the provider's own id", () => {
    expect(matchesList("events", { q: "ev-1" }, op)).toBe("yes");
    expect(matchesList("events", { q: "0190aaaa" }, op)).toBe("yes");
    expect(matchesList("events", { q: "evt_provider_id" }, op)).toBe("unknown");
  });
  it("decides provider and receipt range; not the type", () => {
    expect(matchesList("events", { provider: "pipai" }, op)).toBe("no");
    expect(matchesList("events", { from: new Date("2026-11-29T12:30:00Z") }, op)).toBe("no");
    expect(matchesList("events", { type: "trade_strategy.operation" }, op)).toBe("unknown");
    expect(matchesList("events", { provider: "pipai" }, { ...op, entity: "strategy" })).toBe("unknown");
  });
});

describe("head checks", () => {
  it("count the head's rows above what is loaded, replacing what was decided before the check", () => {
    const before: NewRows = { decided: new Map([["early", 1], ["late", 5]]), checked: new Set(["old"]) };
    const after = afterHeadCheck(before, ["n1", "n2", "a", "b"], new Set(["a", "b", "c"]), 3);
    expect([...after.checked]).toEqual(["n1", "n2"]);
    expect([...after.decided.keys()]).toEqual(["late"]);
    expect(newRowCount(after)).toBe(3);
    // the inputs are left as they were
    expect(before.decided.size).toBe(2);
  });

  it("an id both decided and found by a check counts once; nothing new is zero", () => {
    expect(newRowCount({ decided: new Map([["x", 1]]), checked: new Set(["x", "y"]) })).toBe(2);
    expect(newRowCount(noNewRows())).toBe(0);
    expect(newRowCount(afterHeadCheck(noNewRows(), ["a"], new Set(["a"]), 1))).toBe(0);
  });
});

describe("matchesList: anomalies", () => {
  const raised: LiveMessage = { ...op, kind: "anomaly", entity: "execution", entity_id: "ex-1", status: "raised", ref: "an-1" };
  it("a raised anomaly is open, of its entity kind, raised at the message time", () => {
    expect(matchesList("anomalies", {}, raised)).toBe("yes");
    expect(matchesList("anomalies", anomalyFilters.parse({ state: "open", entity_kind: "execution" }), raised)).toBe("yes");
    expect(matchesList("anomalies", anomalyFilters.parse({ state: "acknowledged" }), raised)).toBe("no");
    expect(matchesList("anomalies", anomalyFilters.parse({ entity_kind: "operation" }), raised)).toBe("no");
    expect(matchesList("anomalies", anomalyFilters.parse({ to: "2026-11-29T11:00:00Z" }), raised)).toBe("no");
  });
  it("its rule and provider are the server's to say", () => {
    expect(matchesList("anomalies", anomalyFilters.parse({ rule: "stuck" }), raised)).toBe("unknown");
    expect(matchesList("anomalies", anomalyFilters.parse({ provider: "pipai", state: "cleared" }), raised)).toBe("no");
  });
});
