import { describe, expect, it } from "vitest";
import { queryKeys } from "@/lib/query/keys";
import { effectsOf, patchPages } from "./apply";
import type { LiveMessage } from "./message";

const base: LiveMessage = { id: "0190a000-0000-7000-8000-000000000001", kind: "event", entity: null, entity_id: null, operation_id: null, strategy_id: null, status: null, ref: null, at: "2026-11-29T00:00:00.000Z" };

describe("effectsOf", () => {
  it("an accepted operation event: patches the operation row, announces new rows, refetches the detail pages", () => {
    const e = effectsOf({ ...base, entity: "operation", entity_id: "op1", operation_id: "op1", strategy_id: "s1", status: "settled", ref: "ev1" });
    expect(e.patch).toEqual({ family: "operations", id: "op1", fields: { status: "settled" } });
    expect(e.fresh).toEqual([
      { family: "inbound", key: base.id },
      { family: "events", key: "ev1" },
      { family: "deliveries", key: "ev1" },
      { family: "operations", key: "op1", unlessPatched: true },
    ]);
    expect(e.invalidate).toEqual([queryKeys.operations.detail("op1"), queryKeys.strategies.detail("s1")]);
  });

  it("an execution event refreshes its operation's page but patches no operation row", () => {
    const e = effectsOf({ ...base, entity: "execution", entity_id: "ex1", operation_id: "op1", status: "filled", ref: "ev2" });
    expect(e.patch).toBeNull();
    expect(e.fresh.map((f) => f.family)).toEqual(["inbound", "events", "deliveries"]);
    expect(e.invalidate).toEqual([queryKeys.operations.detail("op1")]);
  });

  it("a rejected request is a new inbound row only", () => {
    expect(effectsOf({ ...base, kind: "inbound", entity: "inbound", entity_id: "in1", status: "rejected" })).toEqual({ patch: null, fresh: [{ family: "inbound", key: "in1" }], invalidate: [] });
  });

  it("a delivery attempt patches status and attempts and refetches the delivery page; a bad attempt number is ignored", () => {
    const e = effectsOf({ ...base, kind: "delivery", entity: "delivery", entity_id: "d1", status: "failed", ref: "3" });
    expect(e.patch).toEqual({ family: "deliveries", id: "d1", fields: { status: "failed", attempts: 3 } });
    expect(e.invalidate).toEqual([queryKeys.deliveries.detail("d1")]);
    expect(effectsOf({ ...base, kind: "delivery", entity: "delivery", entity_id: "d1", status: "pending", ref: "x" }).patch!.fields).toEqual({ status: "pending" });
    expect(effectsOf({ ...base, kind: "delivery" })).toEqual({ patch: null, fresh: [], invalidate: [] });
  });
});

describe("patchPages", () => {
  const data = { pageParams: [null, "c"], pages: [{ items: [{ id: "a", status: "x" }, { id: "b", status: "x" }] }, { items: [{ id: "c", status: "x" }] }] };

  it("changes the one row where it stands and keeps the other pages as they were", () => {
    const r = patchPages(data, "c", { status: "y" });
    expect(r.found).toBe(true);
    expect(r.data.pages[1]!.items).toEqual([{ id: "c", status: "y" }]);
    expect(r.data.pages[0]).toBe(data.pages[0]);
    expect(data.pages[1]!.items[0]!.status).toBe("x");
  });

  it("returns the same object when the row is not loaded, or there is no data", () => {
    expect(patchPages(data, "zz", { status: "y" })).toEqual({ data, found: false });
    expect(patchPages(data, "zz", { status: "y" }).data).toBe(data);
    expect(patchPages(undefined, "a", {})).toEqual({ data: undefined, found: false });
  });
});

describe("effectsOf: anomalies", () => {
  const a: LiveMessage = { ...base, kind: "anomaly", entity: "operation", entity_id: "op1", operation_id: "op1", strategy_id: "s1", ref: "an1" };
  it("a raised anomaly is a new row of the anomalies list and refreshes its entity's pages", () => {
    expect(effectsOf({ ...a, status: "raised" })).toEqual({
      patch: null,
      fresh: [{ family: "anomalies", key: "an1" }],
      invalidate: [queryKeys.operations.detail("op1"), queryKeys.strategies.detail("s1")],
    });
  });
  it("a cleared or acknowledged anomaly changes its row in place", () => {
    expect(effectsOf({ ...a, status: "cleared", strategy_id: null }).patch).toEqual({ family: "anomalies", id: "an1", fields: { state: "cleared" } });
    expect(effectsOf({ ...a, status: "acknowledged" })).toMatchObject({ patch: { fields: { state: "acknowledged", acknowledged_at: base.at } }, fresh: [] });
  });
});
