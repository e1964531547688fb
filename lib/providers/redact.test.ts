import { describe, expect, it } from "vitest";
import { ZH_VECTOR_SIGNATURE, ZH_VECTOR_SIGNATURE_LEGACY, ZH_VECTOR_TIMESTAMP } from "./zerohash/fixtures";
import { providers } from "./registry";

describe("inbound header redaction (allow-list)", () => {
  it("zerohash: keeps its routing headers and the timestamp, redacts the four signature headers", () => {
    const h = new Headers({
      "X-ZH-Hook-Payload-Type": "trade_strategy.operation.status_changed",
      "X-ZH-Hook-Notification-Id": "n-1",
      "X-ZH-Hook-Timestamp": ZH_VECTOR_TIMESTAMP,
      "X-ZH-Hook-Signature": ZH_VECTOR_SIGNATURE,
      "x-zh-hook-signature-256": ZH_VECTOR_SIGNATURE_LEGACY,
      "x-zh-hook-rsa-signature": "abcd",
      "x-zh-hook-rsa-signature-256": "abcd",
      "Content-Type": "application/json",
    });
    const out = providers.zerohash.redact(h);
    expect(out).toEqual({
      "x-zh-hook-payload-type": "trade_strategy.operation.status_changed",
      "x-zh-hook-notification-id": "n-1",
      "x-zh-hook-timestamp": ZH_VECTOR_TIMESTAMP,
      "x-zh-hook-signature": "[redacted]",
      "x-zh-hook-signature-256": "[redacted]",
      "x-zh-hook-rsa-signature": "[redacted]",
      "x-zh-hook-rsa-signature-256": "[redacted]",
      "content-type": "application/json",
    });
    expect(JSON.stringify(out)).not.toContain(ZH_VECTOR_SIGNATURE.slice(0, 8));
  });

  it("pipai: keeps its own headers, redacts X-PipAI-Signature", () => {
    const h = new Headers({
      "X-PipAI-Event-Id": "evt_1",
      "X-PipAI-Event-Type": "strategy.created",
      "X-PipAI-Webhook-Id": "wh_1",
      "X-PipAI-Delivery-Id": "dlv_1",
      "X-PipAI-Delivery-Attempt": "2",
      "X-PipAI-Timestamp": "1795000123456",
      "X-PipAI-Signature": "f2b9a9288dfdef9c",
    });
    expect(providers.pipai.redact(h)).toEqual({
      "x-pipai-event-id": "evt_1",
      "x-pipai-event-type": "strategy.created",
      "x-pipai-webhook-id": "wh_1",
      "x-pipai-delivery-id": "dlv_1",
      "x-pipai-delivery-attempt": "2",
      "x-pipai-timestamp": "1795000123456",
      "x-pipai-signature": "[redacted]",
    });
  });

  it("keeps ordinary HTTP headers", () => {
    const ordinary = {
      "content-type": "application/json",
      "content-length": "42",
      "user-agent": "zerohash-webhooks/1.0",
      accept: "*/*",
      "accept-encoding": "gzip",
      host: "hooks.example",
      "x-forwarded-for": "203.0.113.7",
      "x-forwarded-proto": "https",
      "x-request-id": "r1",
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    };
    expect(providers.zerohash.redact(new Headers(ordinary))).toEqual(ordinary);
  });

  it("replaces the value of every other header, credentials or not, and keeps its name", () => {
    const h = new Headers({
      Authorization: "Bearer k1",
      Cookie: "s=1",
      "Proxy-Authorization": "Basic x",
      "X-Api-Key": "k2",
      "X-Session-Token": "t",
      "X-Custom-Anything": "v",
      // another provider's header is not this provider's own
      "X-PipAI-Signature": "abc",
      "X-Request-Id": "r1",
    });
    expect(providers.zerohash.redact(h)).toEqual({
      authorization: "[redacted]",
      cookie: "[redacted]",
      "proxy-authorization": "[redacted]",
      "x-api-key": "[redacted]",
      "x-session-token": "[redacted]",
      "x-custom-anything": "[redacted]",
      "x-pipai-signature": "[redacted]",
      "x-request-id": "r1",
    });
  });
});
