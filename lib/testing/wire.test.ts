import { describe, expect, it } from "vitest";
import { deliveryCountsSchema } from "@/lib/schemas/deliveries";
import { operationDetailSchema } from "@/lib/schemas/operations";
import { parseWith, responseSchema } from "./wire";

const detail = { operation: null, transitions: [], executions: [], anomalies: [], events: [] };
const answer = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("parseWith", () => {
  it("returns the parsed body of a matching 2xx answer", async () => {
    expect(await parseWith(operationDetailSchema, answer(detail))).toEqual(detail);
  });

  it("fails on a missing or an extra field, naming it", async () => {
    const { events: _events, ...missing } = detail;
    await expect(parseWith(operationDetailSchema, answer(missing), "op")).rejects.toThrow(/op: the answer does not match its schema[\s\S]*events/);
    await expect(parseWith(operationDetailSchema, answer({ ...detail, extra: 1 }))).rejects.toThrow(/extra/);
    // the crash of issue 10: a client that assumed `operation` present; the schema says it may be null, and a wrong type fails
    await expect(parseWith(operationDetailSchema, answer({ ...detail, operation: { status: "settled" } }))).rejects.toThrow(/operation/);
  });

  it("fails on a non-2xx answer with its body", async () => {
    await expect(parseWith(operationDetailSchema, answer({ error: { code: "not_found", message: "gone" } }, 404), "op")).rejects.toThrow(/op: HTTP 404.*gone/);
  });
});

describe("responseSchema", () => {
  it("finds the documented schema of a concrete path, templates included", () => {
    expect(responseSchema("GET", "/api/console/operations/0190-abc")).toBe(operationDetailSchema);
    expect(responseSchema("GET", "/api/console/deliveries/counts")).toBe(deliveryCountsSchema);
    expect(() => responseSchema("GET", "/api/console/nowhere")).toThrow(/no documented JSON answer/);
  });
});
