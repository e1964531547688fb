import { describe, expect, it } from "vitest";
import { parsePipaiSecrets } from "@/lib/env";
import { PIPAI_VECTOR_BODY, PIPAI_VECTOR_SECRET, PIPAI_VECTOR_SIGNATURE, PIPAI_VECTOR_TIMESTAMP } from "./fixtures";
import { signPipai, verifyPipai } from "./verify";

const NOW = Number(PIPAI_VECTOR_TIMESTAMP);
const body = Buffer.from(PIPAI_VECTOR_BODY, "utf8");
const headers = (over: Record<string, string | null> = {}) => {
  const h = new Headers({ "x-pipai-webhook-id": "wh_2a4f10", "x-pipai-timestamp": PIPAI_VECTOR_TIMESTAMP, "x-pipai-signature": PIPAI_VECTOR_SIGNATURE });
  for (const [k, v] of Object.entries(over)) if (v === null) h.delete(k); else h.set(k, v);
  return h;
};
const cfg = (secrets: string) => ({ secrets: parsePipaiSecrets(secrets), toleranceSeconds: 300 });

describe("PipAI signature", () => {
  it("reproduces the spec's test vector", () => {
    expect(signPipai(PIPAI_VECTOR_SECRET, PIPAI_VECTOR_TIMESTAMP, PIPAI_VECTOR_BODY)).toBe(PIPAI_VECTOR_SIGNATURE);
    expect(verifyPipai(body, headers(), cfg(`wh_2a4f10=${PIPAI_VECTOR_SECRET}`), NOW)).toEqual({ ok: true });
  });

  it("accepts uppercase hex and any of several secrets of one subscription (rotation)", () => {
    expect(verifyPipai(body, headers({ "x-pipai-signature": PIPAI_VECTOR_SIGNATURE.toUpperCase() }), cfg(`wh_2a4f10=${PIPAI_VECTOR_SECRET}`), NOW).ok).toBe(true);
    expect(verifyPipai(body, headers(), cfg(`wh_2a4f10=new_secret,wh_2a4f10=${PIPAI_VECTOR_SECRET}`), NOW).ok).toBe(true);
  });

  it("a bare secret applies to any subscription; another subscription's secret does not", () => {
    expect(verifyPipai(body, headers({ "x-pipai-webhook-id": "wh_other" }), cfg(PIPAI_VECTOR_SECRET), NOW).ok).toBe(true);
    expect(verifyPipai(body, headers(), cfg(`wh_other=${PIPAI_VECTOR_SECRET},wh_2a4f10=wrong`), NOW)).toEqual({ ok: false, reason: "invalid signature" });
  });

  it("names an unknown or missing subscription", () => {
    expect(verifyPipai(body, headers({ "x-pipai-webhook-id": "wh_nope" }), cfg(`wh_2a4f10=${PIPAI_VECTOR_SECRET}`), NOW)).toEqual({ ok: false, reason: 'unknown subscription "wh_nope"' });
    expect(verifyPipai(body, headers({ "x-pipai-webhook-id": null }), cfg(`wh_2a4f10=${PIPAI_VECTOR_SECRET}`), NOW)).toEqual({ ok: false, reason: "missing x-pipai-webhook-id" });
    expect(verifyPipai(body, headers(), cfg(""), NOW)).toEqual({ ok: false, reason: "no PipAI webhook secret configured" });
  });

  it("rejects stale or future timestamps (milliseconds), keeping the window inclusive", () => {
    const c = cfg(PIPAI_VECTOR_SECRET);
    expect(verifyPipai(body, headers(), c, NOW + 300_000).ok).toBe(true);
    expect(verifyPipai(body, headers(), c, NOW + 300_001)).toEqual({ ok: false, reason: "timestamp outside the ±300s window" });
    expect(verifyPipai(body, headers(), c, NOW - 300_001).ok).toBe(false);
    // A seconds timestamp is ~55 years "in the past" in milliseconds.
    expect(verifyPipai(body, headers({ "x-pipai-timestamp": String(Math.floor(NOW / 1000)) }), c, NOW).ok).toBe(false);
    expect(verifyPipai(body, headers({ "x-pipai-timestamp": "12e5" }), c, NOW)).toEqual({ ok: false, reason: "invalid x-pipai-timestamp" });
  });

  it("rejects a tampered body, a missing or malformed signature, and never echoes secrets", () => {
    const c = cfg(PIPAI_VECTOR_SECRET);
    const r = verifyPipai(Buffer.from(PIPAI_VECTOR_BODY.replace("82.20", "82.21")), headers(), c, NOW);
    expect(r).toEqual({ ok: false, reason: "invalid signature" });
    expect(verifyPipai(body, headers({ "x-pipai-signature": null }), c, NOW)).toEqual({ ok: false, reason: "missing signature header" });
    expect(verifyPipai(body, headers({ "x-pipai-signature": "zz" }), c, NOW)).toEqual({ ok: false, reason: "invalid signature" });
    for (const res of [r, verifyPipai(body, headers({ "x-pipai-webhook-id": "wh_x" }), cfg(`wh_y=${PIPAI_VECTOR_SECRET}`), NOW)]) {
      expect(JSON.stringify(res)).not.toContain(PIPAI_VECTOR_SECRET);
    }
  });
});

describe("PIPAI_WEBHOOK_SECRETS", () => {
  it("parses per-subscription pairs, repeated ids, bare secrets and '=' inside a secret", () => {
    const s = parsePipaiSecrets(" wh_a=s1 , wh_a=s2,bare1,wh_b=x=y=, ,bare2");
    expect(s.bySubscription).toEqual({ wh_a: ["s1", "s2"], wh_b: ["x=y="] });
    expect(s.any).toEqual(["bare1", "bare2"]);
    expect(parsePipaiSecrets(undefined)).toEqual({ bySubscription: {}, any: [] });
  });

  it("rejects an entry with an empty id or secret, naming its position but not its value", () => {
    expect(() => parsePipaiSecrets("wh_a=ok,=topsecret")).toThrow(/PIPAI_WEBHOOK_SECRETS: entry 2/);
    expect(() => parsePipaiSecrets("wh_a=ok,=topsecret")).not.toThrow(/topsecret/);
    expect(() => parsePipaiSecrets("wh_a=")).toThrow(/entry 1/);
  });

  it("does not treat inherited object keys as subscriptions", () => {
    expect(verifyPipai(body, headers({ "x-pipai-webhook-id": "constructor" }), cfg(`wh_2a4f10=${PIPAI_VECTOR_SECRET}`), NOW)).toEqual({ ok: false, reason: 'unknown subscription "constructor"' });
  });
});
