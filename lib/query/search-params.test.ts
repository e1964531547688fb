import { describe, expect, it } from "vitest";
import { auditFilters } from "@/lib/schemas/access";
import { alertFilters, backtestFilters, eventFilters, inboundFilters, operationFilters, strategyFilters, traderFilters } from "@/lib/schemas/console";
import { deliveryFilters } from "@/lib/schemas/relay";
import { isoToLocalInput, localInputToIso, readFilters, toSearch } from "./search-params";

const url = (qs: string) => new URLSearchParams(qs);

describe("readFilters: a page reads its URL with its list's schema", () => {
  it("keeps only allowed values of an enum, and says why it left one out", () => {
    expect(readFilters(backtestFilters, url("status=failed"))).toEqual({ filters: { status: "failed" }, invalid: {} });
    const r = readFilters(backtestFilters, url("status=nope"));
    expect(r.filters).toEqual({});
    expect(r.invalid.status).toMatch(/done|failed/);
  });

  it("trims text, and a blank parameter is no filter", () => {
    expect(readFilters(strategyFilters, url("q=%20%20s-1%20&provider=")).filters).toEqual({ q: "s-1" });
    expect(readFilters(strategyFilters, url("q=%20%20%20"))).toEqual({ filters: {}, invalid: {} });
  });

  it("reads ISO dates (any offset) as instants and drops invalid ones", () => {
    const r = readFilters(operationFilters, url("from=2026-11-23T12:00:00%2B02:00&to=yesterday"));
    expect(r.filters.from).toEqual(new Date("2026-11-23T10:00:00.000Z"));
    expect(r.filters.to).toBeUndefined();
    expect(r.invalid.to).toBeDefined();
  });

  it("keeps the known statuses of a CSV list, in their own order", () => {
    expect(readFilters(operationFilters, url("status=settled,bogus,pricing")).filters.status).toEqual(["pricing", "settled"]);
    expect(readFilters(operationFilters, url("status=bogus")).filters.status).toBeUndefined();
  });

  it("applies an id prefix only from 8 characters, like the route", () => {
    const r = readFilters(operationFilters, url("operation_id=abc&strategy_id=902c3c34"));
    expect(r.filters).toEqual({ strategy_id: "902c3c34" });
    expect(r.invalid.operation_id).toMatch(/operation_id needs at least 8 characters/);
  });
});

describe("toSearch: the query string the route parses with the same schema", () => {
  it("writes dates as ISO (UTC) and lists comma-separated, skipping what is unset", () => {
    expect(toSearch({ status: ["pricing", "settled"], from: new Date("2026-11-23T10:00:00Z"), type: "top_up", to: undefined })).toEqual({
      status: "pricing,settled",
      from: "2026-11-23T10:00:00.000Z",
      type: "top_up",
    });
  });

  it("round-trips every list's filters: URL → page filters → request → route filters", () => {
    const cases = [
      [operationFilters, "status=settling,validating&type=top_up&operation_id=0190a000&strategy_id=902c3c34-aa&from=2026-11-23T10:00:00Z&to=2026-11-24T10:00:00%2B01:00"],
      [traderFilters, "trader_id=0190a0001234&strategy_id=902c3c34"],
      [inboundFilters, "outcome=rejected&provider=pipai&notification_id=evt_1"],
      [deliveryFilters, "status=failing&event_type=trade_strategy&http_status=5xx&kind=real&operation_id=0190a000&from=2026-11-23T10:00:00Z"],
      [strategyFilters, "status=paused,deployed&provider=pipai&q=alpha"],
      [eventFilters, "provider=zerohash&type=trade_strategy.operation&q=0190a000&from=2026-11-23T10:00:00Z"],
      [backtestFilters, "status=done"],
      [alertFilters, "kind=balance_low"],
      [auditFilters, "action=user.create&actor=ops@&result=denied"],
    ] as const;
    for (const [schema, qs] of cases) {
      const page = readFilters(schema, url(qs));
      expect(page.invalid).toEqual({});
      expect(Object.keys(page.filters).sort()).toEqual([...url(qs).keys()].sort());
      expect(schema.parse(toSearch(page.filters))).toEqual(page.filters);
    }
  });
});

describe("datetime-local inputs", () => {
  it("are read and written as UTC", () => {
    expect(localInputToIso("2026-11-23T10:05")).toBe("2026-11-23T10:05:00.000Z");
    expect(isoToLocalInput(new Date("2026-11-23T10:05:00.000Z"))).toBe("2026-11-23T10:05");
    expect(localInputToIso("")).toBeNull();
    expect(isoToLocalInput(undefined)).toBe("");
  });
});
