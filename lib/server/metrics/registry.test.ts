import { describe, expect, it } from "vitest";
import type { RejectStatus } from "@/lib/intake/pipeline";
import { reasonClass } from "./registry";

const rejected = (status: RejectStatus, reason: string) => reasonClass({ kind: "rejected", inboundId: "x", status, reason });

describe("reasonClass", () => {
  it("maps the pipeline's reasons (lib/intake/pipeline.ts) to a bounded set of labels", () => {
    expect(reasonClass({ kind: "accepted", inboundId: "x", eventId: "e" })).toBe("ok");
    expect(reasonClass({ kind: "duplicate", inboundId: "x" })).toBe("duplicate");
    expect(reasonClass({ kind: "error", inboundId: null })).toBe("storage");
    expect(rejected(401, "invalid signature")).toBe("signature");
    expect(rejected(401, "replayed signature")).toBe("replayed_signature");
    expect(rejected(404, 'no webhook endpoint at "/api/webhooks/x"')).toBe("no_endpoint");
    expect(rejected(405, "method GET not allowed; use POST")).toBe("method");
    expect(rejected(413, "body larger than 1 MiB (2000000 bytes); not stored")).toBe("too_large");
    expect(rejected(400, "malformed request body (broken HTTP framing after 10 body bytes); not stored")).toBe("malformed");
    expect(rejected(400, "request aborted by the sender after 10 body bytes; not stored")).toBe("aborted");
    expect(rejected(400, "notification/event id header is 2800 characters long (at most 200)")).toBe("identifier_too_long");
    expect(rejected(400, "missing payload type header")).toBe("missing_header");
    expect(rejected(400, "missing notification id header")).toBe("missing_header");
    expect(rejected(400, "body is not valid UTF-8 JSON (or holds a raw NUL byte)")).toBe("invalid_utf8");
    expect(rejected(400, "body is not JSON: Unexpected token")).toBe("invalid_json");
    // whatever the schema says, one label
    expect(rejected(400, `status: ${"x".repeat(500)}`)).toBe("invalid_payload");
  });
});
