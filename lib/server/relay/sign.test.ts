import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { relayBody } from "./outbox";
import { generateSigningSecret, maskSecret, redactSignature, signatureHeader, signedHeaders } from "./sign";

const body = relayBody({ id: "evt_1", type: "trade_strategy.operation.status_changed", source: "zerohash", createdAt: new Date("2026-11-23T12:00:00Z"), rawPayload: '{"amount":"1.10"}' });

describe("Standard Webhooks signing", () => {
  it("is verified by the standardwebhooks package", () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const now = Date.now();
    const headers = signedHeaders([secret], "evt_1", now, body);
    expect(headers["webhook-timestamp"]).toBe(String(Math.floor(now / 1000)));
    const payload = new Webhook(secret).verify(body, headers);
    expect(payload).toEqual({ id: "evt_1", type: "trade_strategy.operation.status_changed", source: "zerohash", created_at: "2026-11-23T12:00:00.000Z", data: { amount: "1.10" } });
  });

  it("keeps the provider payload byte for byte (decimal strings, key order)", () => {
    expect(body).toBe('{"id":"evt_1","type":"trade_strategy.operation.status_changed","source":"zerohash","created_at":"2026-11-23T12:00:00.000Z","data":{"amount":"1.10"}}');
  });

  it("during a rotation sends both signatures, and receivers holding either secret verify", () => {
    const [a, b] = [generateSigningSecret(), generateSigningSecret()];
    const headers = signedHeaders([b, a], "evt_2", Date.now(), body);
    expect(headers["webhook-signature"]).toMatch(/^v1,\S+ v1,\S+$/);
    expect(() => new Webhook(a).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(b).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(generateSigningSecret()).verify(body, headers)).toThrow();
  });

  it("fails verification when the body, id or timestamp change", () => {
    const s = generateSigningSecret();
    const headers = signedHeaders([s], "evt_3", Date.now(), body);
    expect(() => new Webhook(s).verify(body.replace("1.10", "1.11"), headers)).toThrow();
    expect(() => new Webhook(s).verify(body, { ...headers, "webhook-id": "evt_4" })).toThrow();
    expect(() => new Webhook(s).verify(body, { ...headers, "webhook-timestamp": String(Number(headers["webhook-timestamp"]) + 1) })).toThrow();
  });

  it("matches a fixed vector", () => {
    // key = base64 "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" → fixed signature, so a change in encoding is caught
    const sig = signatureHeader(["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}');
    expect(sig).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("never exposes a whole signature or secret in display forms", () => {
    const s = generateSigningSecret();
    const h = signatureHeader([s, generateSigningSecret()], "x", 1, "{}");
    const r = redactSignature(h);
    for (const part of h.split(" ")) expect(r).not.toContain(part);
    expect(r).toMatch(/^v1,\S{6}… v1,\S{6}…$/);
    const m = maskSecret(s);
    expect(m.startsWith("whsec_")).toBe(true);
    expect(m).not.toContain(s.slice(10, -4));
  });
});
