import { describe, it, expect } from "vitest";
import { createHash, createHmac, generateKeyPairSync, sign, constants } from "node:crypto";
import { replayKeyOf, signedPayload, verifyZerohash, type ZerohashVerifyConfig } from "./verify";
import {
  ZH_VECTOR_BODY,
  ZH_VECTOR_SECRET,
  ZH_VECTOR_SIGNATURE,
  ZH_VECTOR_SIGNATURE_LEGACY,
  ZH_VECTOR_TIMESTAMP,
} from "./fixtures";

const body = Buffer.from(ZH_VECTOR_BODY, "utf8");
const NOW = Number(ZH_VECTOR_TIMESTAMP);

const cfg = (over: Partial<ZerohashVerifyConfig> = {}): ZerohashVerifyConfig => ({
  secrets: [ZH_VECTOR_SECRET],
  rsaPublicKeys: [],
  allowLegacy: false,
  toleranceSeconds: 300,
  ...over,
});

const hmacHex = (secret: string, data: Buffer): string =>
  createHmac("sha256", secret).update(data).digest("hex");

describe("spec test vectors", () => {
  it("signedPayload is body bytes immediately followed by the timestamp", () => {
    expect(signedPayload(body, ZH_VECTOR_TIMESTAMP).toString("utf8")).toBe(ZH_VECTOR_BODY + "1795000000000");
  });

  it("x-zh-hook-signature over raw_body + timestamp matches the spec value", () => {
    expect(hmacHex(ZH_VECTOR_SECRET, signedPayload(body, ZH_VECTOR_TIMESTAMP))).toBe(
      "a3ea584e4e518da6c5743b45add13bbd24ce9982c671140fa7626219f89f317b",
    );
    expect(ZH_VECTOR_SIGNATURE).toBe("a3ea584e4e518da6c5743b45add13bbd24ce9982c671140fa7626219f89f317b");
  });

  it("legacy x-zh-hook-signature-256 over raw_body matches the spec value", () => {
    expect(hmacHex(ZH_VECTOR_SECRET, body)).toBe(
      "83cc9a565daf8fc619af61b8540e3bacc07f350151f9b9a20a4ff217a76a730e",
    );
    expect(ZH_VECTOR_SIGNATURE_LEGACY).toBe("83cc9a565daf8fc619af61b8540e3bacc07f350151f9b9a20a4ff217a76a730e");
  });

  it("verifies the spec vector headers", () => {
    const h = new Headers({
      "x-zh-hook-timestamp": "1795000000000",
      "x-zh-hook-signature": "a3ea584e4e518da6c5743b45add13bbd24ce9982c671140fa7626219f89f317b",
    });
    expect(verifyZerohash(body, h, cfg(), NOW)).toMatchObject({ ok: true, scheme: "hmac" });
  });

  it("accepts uppercase hex", () => {
    const h = new Headers({
      "x-zh-hook-timestamp": ZH_VECTOR_TIMESTAMP,
      "x-zh-hook-signature": ZH_VECTOR_SIGNATURE.toUpperCase(),
    });
    expect(verifyZerohash(body, h, cfg(), NOW)).toMatchObject({ ok: true, scheme: "hmac" });
  });
});

describe("HMAC (timestamped)", () => {
  const headers = (sig = ZH_VECTOR_SIGNATURE, ts = ZH_VECTOR_TIMESTAMP) =>
    new Headers({ "x-zh-hook-timestamp": ts, "x-zh-hook-signature": sig });

  it("rotation: the second active secret verifies", () => {
    const r = verifyZerohash(body, headers(), cfg({ secrets: ["zh_whsec_new_000", ZH_VECTOR_SECRET] }), NOW);
    expect(r).toMatchObject({ ok: true, scheme: "hmac" });
  });

  it("rotation: a signature by the new secret verifies while the old one is still listed", () => {
    const sig = hmacHex("zh_whsec_new_000", signedPayload(body, ZH_VECTOR_TIMESTAMP));
    const r = verifyZerohash(body, headers(sig), cfg({ secrets: [ZH_VECTOR_SECRET, "zh_whsec_new_000"] }), NOW);
    expect(r).toMatchObject({ ok: true, scheme: "hmac" });
  });

  it("rejects a signature from a secret that is not configured", () => {
    const r = verifyZerohash(body, headers(), cfg({ secrets: ["zh_whsec_other"] }), NOW);
    expect(r).toEqual({ ok: false, reason: "invalid signature" });
  });

  it("window edges: exactly ±300s accepted, 1 ms beyond rejected (stale and future)", () => {
    const c = cfg();
    expect(verifyZerohash(body, headers(), c, NOW + 300_000).ok).toBe(true);
    expect(verifyZerohash(body, headers(), c, NOW - 300_000).ok).toBe(true);
    expect(verifyZerohash(body, headers(), c, NOW + 300_001)).toEqual({
      ok: false,
      reason: "timestamp outside the ±300s window",
    });
    expect(verifyZerohash(body, headers(), c, NOW - 300_001)).toEqual({
      ok: false,
      reason: "timestamp outside the ±300s window",
    });
  });

  it("configurable tolerance appears in the reason", () => {
    const r = verifyZerohash(body, headers(), cfg({ toleranceSeconds: 60 }), NOW + 61_000);
    expect(r).toEqual({ ok: false, reason: "timestamp outside the ±60s window" });
  });

  it("treats a seconds-valued timestamp as stale (the header is milliseconds)", () => {
    const ts = "1795000000";
    const sig = hmacHex(ZH_VECTOR_SECRET, signedPayload(body, ts));
    expect(verifyZerohash(body, headers(sig, ts), cfg(), NOW)).toEqual({
      ok: false,
      reason: "timestamp outside the ±300s window",
    });
  });

  it("rejects non-integer timestamps", () => {
    for (const ts of ["1795000000000.5", "-1795000000000", "1.795e12", "abc", "0x1A", "99999999999999999999"]) {
      expect(verifyZerohash(body, headers(ZH_VECTOR_SIGNATURE, ts), cfg(), NOW)).toEqual({
        ok: false,
        reason: "invalid x-zh-hook-timestamp",
      });
    }
  });

  it("missing timestamp", () => {
    const h = new Headers({ "x-zh-hook-signature": ZH_VECTOR_SIGNATURE });
    expect(verifyZerohash(body, h, cfg(), NOW)).toEqual({ ok: false, reason: "missing x-zh-hook-timestamp" });
  });

  it("missing signature header", () => {
    const h = new Headers({ "x-zh-hook-timestamp": ZH_VECTOR_TIMESTAMP });
    expect(verifyZerohash(body, h, cfg(), NOW)).toEqual({ ok: false, reason: "missing signature header" });
    expect(verifyZerohash(body, new Headers(), cfg(), NOW)).toEqual({
      ok: false,
      reason: "missing signature header",
    });
  });

  it("no secret or key configured", () => {
    expect(verifyZerohash(body, headers(), cfg({ secrets: [], rsaPublicKeys: [] }), NOW)).toEqual({
      ok: false,
      reason: "no HMAC secret or RSA key configured",
    });
    expect(verifyZerohash(body, headers(), cfg({ secrets: [""] }), NOW)).toEqual({
      ok: false,
      reason: "no HMAC secret or RSA key configured",
    });
  });

  it("wrong, truncated, over-long and non-hex signatures are invalid and never throw", () => {
    const bad = [
      "0".repeat(64),
      ZH_VECTOR_SIGNATURE.slice(0, 62),
      ZH_VECTOR_SIGNATURE + "00",
      ZH_VECTOR_SIGNATURE.slice(0, 63),
      "z".repeat(64),
      "sha256=" + ZH_VECTOR_SIGNATURE,
      ZH_VECTOR_SIGNATURE_LEGACY,
    ];
    for (const sig of bad) {
      expect(verifyZerohash(body, headers(sig), cfg(), NOW)).toEqual({ ok: false, reason: "invalid signature" });
    }
  });

  it("tampered body fails", () => {
    const tampered = Buffer.from(ZH_VECTOR_BODY.replace('"0.6"', '"0.7"'), "utf8");
    expect(verifyZerohash(tampered, headers(), cfg(), NOW)).toEqual({ ok: false, reason: "invalid signature" });
    // trailing whitespace counts too: signatures cover the exact bytes
    expect(verifyZerohash(Buffer.from(ZH_VECTOR_BODY + "\n"), headers(), cfg(), NOW).ok).toBe(false);
  });

  it("a different timestamp header invalidates the signature (timestamp is signed)", () => {
    const ts = String(NOW + 1000);
    expect(verifyZerohash(body, headers(ZH_VECTOR_SIGNATURE, ts), cfg(), NOW)).toEqual({
      ok: false,
      reason: "invalid signature",
    });
  });

  it("reasons never contain secrets or signature values", () => {
    const results = [
      verifyZerohash(body, headers("ab".repeat(32)), cfg(), NOW),
      verifyZerohash(body, headers(), cfg(), NOW + 10_000_000),
      verifyZerohash(body, headers(ZH_VECTOR_SIGNATURE, "x"), cfg(), NOW),
    ];
    for (const r of results) {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.reason).not.toContain(ZH_VECTOR_SECRET);
        expect(r.reason).not.toContain(ZH_VECTOR_SIGNATURE);
        expect(r.reason).not.toContain("abab");
      }
    }
  });
});

describe("legacy body-only signatures", () => {
  const legacyHeaders = () => new Headers({ "x-zh-hook-signature-256": ZH_VECTOR_SIGNATURE_LEGACY });

  it("rejected when legacy is disabled", () => {
    expect(verifyZerohash(body, legacyHeaders(), cfg({ allowLegacy: false }), NOW)).toEqual({
      ok: false,
      reason: "legacy body-only signature not enabled",
    });
  });

  it("accepted when enabled, with no timestamp needed", () => {
    expect(verifyZerohash(body, legacyHeaders(), cfg({ allowLegacy: true }), NOW)).toEqual({
      ok: true,
      scheme: "hmac-legacy",
    });
  });

  it("enabled legacy still rejects a wrong signature / tampered body", () => {
    const h = new Headers({ "x-zh-hook-signature-256": "f".repeat(64) });
    expect(verifyZerohash(body, h, cfg({ allowLegacy: true }), NOW)).toEqual({ ok: false, reason: "invalid signature" });
    const tampered = Buffer.from(ZH_VECTOR_BODY.replace("pricing", "settled"));
    expect(verifyZerohash(tampered, legacyHeaders(), cfg({ allowLegacy: true }), NOW).ok).toBe(false);
  });

  it("timestamped scheme wins when both are sent", () => {
    const h = new Headers({
      "x-zh-hook-timestamp": ZH_VECTOR_TIMESTAMP,
      "x-zh-hook-signature": ZH_VECTOR_SIGNATURE,
      "x-zh-hook-signature-256": ZH_VECTOR_SIGNATURE_LEGACY,
    });
    expect(verifyZerohash(body, h, cfg({ allowLegacy: true }), NOW)).toMatchObject({ ok: true, scheme: "hmac" });
  });

  it("failed timestamped check does not fall back to legacy when legacy is disabled", () => {
    const h = new Headers({
      "x-zh-hook-timestamp": ZH_VECTOR_TIMESTAMP,
      "x-zh-hook-signature": ZH_VECTOR_SIGNATURE,
      "x-zh-hook-signature-256": ZH_VECTOR_SIGNATURE_LEGACY,
    });
    expect(verifyZerohash(body, h, cfg({ allowLegacy: false }), NOW + 3_600_000)).toEqual({
      ok: false,
      reason: "timestamp outside the ±300s window",
    });
  });

  it("with legacy enabled, a valid legacy signature is accepted even if the timestamped one fails", () => {
    const h = new Headers({
      "x-zh-hook-timestamp": ZH_VECTOR_TIMESTAMP,
      "x-zh-hook-signature": "0".repeat(64),
      "x-zh-hook-signature-256": ZH_VECTOR_SIGNATURE_LEGACY,
    });
    expect(verifyZerohash(body, h, cfg({ allowLegacy: true }), NOW)).toMatchObject({ ok: true, scheme: "hmac-legacy" });
  });
});

describe("RSA", () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pkcs1Pem = publicKey.export({ type: "pkcs1", format: "pem" }).toString();
  const spkiPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const otherSpki = other.publicKey.export({ type: "spki", format: "pem" }).toString();

  it("exports the two PEM flavours", () => {
    expect(pkcs1Pem).toContain("BEGIN RSA PUBLIC KEY");
    expect(spkiPem).toContain("BEGIN PUBLIC KEY");
  });

  const signPss = (data: Buffer) =>
    sign("sha256", data, {
      key: privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    }).toString("hex");
  const signPkcs1 = (data: Buffer) =>
    sign("sha256", data, { key: privateKey, padding: constants.RSA_PKCS1_PADDING }).toString("hex");
  const signPssMaxSalt = (data: Buffer) =>
    sign("sha256", data, {
      key: privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN,
    }).toString("hex");

  const rsaCfg = (pems: string[], over: Partial<ZerohashVerifyConfig> = {}) =>
    cfg({ secrets: [], rsaPublicKeys: pems, ...over });

  const tsHeaders = (sig: string) =>
    new Headers({ "x-zh-hook-timestamp": ZH_VECTOR_TIMESTAMP, "x-zh-hook-rsa-signature": sig });

  const data = signedPayload(body, ZH_VECTOR_TIMESTAMP);

  for (const [padName, signer] of [
    ["PSS (salt = digest length)", signPss],
    ["PSS (max salt)", signPssMaxSalt],
    ["PKCS#1 v1.5", signPkcs1],
  ] as const) {
    for (const [pemName, pem] of [
      ["pkcs1", pkcs1Pem],
      ["spki", spkiPem],
    ] as const) {
      it(`verifies ${padName} with a ${pemName} PEM`, () => {
        expect(verifyZerohash(body, tsHeaders(signer(data)), rsaCfg([pem]), NOW)).toMatchObject({ ok: true, scheme: "rsa" });
      });
    }
  }

  it("key rotation: second configured key verifies; unparsable keys are skipped", () => {
    const r = verifyZerohash(body, tsHeaders(signPkcs1(data)), rsaCfg(["not a pem", otherSpki, spkiPem]), NOW);
    expect(r).toMatchObject({ ok: true, scheme: "rsa" });
  });

  it("wrong key fails", () => {
    expect(verifyZerohash(body, tsHeaders(signPss(data)), rsaCfg([otherSpki]), NOW)).toEqual({
      ok: false,
      reason: "invalid signature",
    });
  });

  it("tampered body fails (both paddings)", () => {
    const tampered = Buffer.from(ZH_VECTOR_BODY.replace("ETH", "SOL"));
    expect(verifyZerohash(tampered, tsHeaders(signPss(data)), rsaCfg([spkiPem]), NOW).ok).toBe(false);
    expect(verifyZerohash(tampered, tsHeaders(signPkcs1(data)), rsaCfg([pkcs1Pem]), NOW).ok).toBe(false);
  });

  it("signature over the body only is not accepted on the timestamped header", () => {
    expect(verifyZerohash(body, tsHeaders(signPkcs1(body)), rsaCfg([spkiPem]), NOW).ok).toBe(false);
  });

  it("garbage signatures never throw", () => {
    for (const sig of ["", "zz", "abc", "00", "ff".repeat(256), "ff".repeat(300)]) {
      const r = verifyZerohash(body, tsHeaders(sig), rsaCfg([spkiPem]), NOW);
      expect(r.ok).toBe(false);
    }
  });

  it("stale timestamp rejected for RSA too", () => {
    expect(verifyZerohash(body, tsHeaders(signPss(data)), rsaCfg([spkiPem]), NOW + 301_000)).toEqual({
      ok: false,
      reason: "timestamp outside the ±300s window",
    });
  });

  it("RSA header with only HMAC secrets configured is reported as unconfigured", () => {
    expect(verifyZerohash(body, tsHeaders(signPss(data)), cfg(), NOW)).toEqual({
      ok: false,
      reason: "no key configured for the signature scheme sent",
    });
  });

  it("HMAC and RSA configured together: either header verifies", () => {
    const both = cfg({ rsaPublicKeys: [spkiPem] });
    expect(verifyZerohash(body, tsHeaders(signPss(data)), both, NOW)).toMatchObject({ ok: true, scheme: "rsa" });
    const h = new Headers({ "x-zh-hook-timestamp": ZH_VECTOR_TIMESTAMP, "x-zh-hook-signature": ZH_VECTOR_SIGNATURE });
    expect(verifyZerohash(body, h, both, NOW)).toMatchObject({ ok: true, scheme: "hmac" });
  });

  describe("legacy RSA", () => {
    const legacy = (sig: string) => new Headers({ "x-zh-hook-rsa-signature-256": sig });
    it("disabled by default", () => {
      expect(verifyZerohash(body, legacy(signPkcs1(body)), rsaCfg([spkiPem]), NOW)).toEqual({
        ok: false,
        reason: "legacy body-only signature not enabled",
      });
    });
    it("enabled: PSS and PKCS#1 v1.5 over the body verify", () => {
      const c = rsaCfg([pkcs1Pem], { allowLegacy: true });
      expect(verifyZerohash(body, legacy(signPkcs1(body)), c, NOW)).toMatchObject({ ok: true, scheme: "rsa-legacy" });
      expect(verifyZerohash(body, legacy(signPss(body)), c, NOW)).toMatchObject({ ok: true, scheme: "rsa-legacy" });
    });
    it("enabled: tampered body fails", () => {
      const c = rsaCfg([spkiPem], { allowLegacy: true });
      const tampered = Buffer.from(ZH_VECTOR_BODY.replace("BTC", "XRP"));
      expect(verifyZerohash(tampered, legacy(signPkcs1(body)), c, NOW)).toEqual({
        ok: false,
        reason: "invalid signature",
      });
    });
  });
});

describe("replay key (docs/decisions/0012)", () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const spki = publicKey.export({ type: "spki", format: "pem" }).toString();
  const data = signedPayload(body, ZH_VECTOR_TIMESTAMP);
  const hmac = hmacHex(ZH_VECTOR_SECRET, data);
  const rsa = sign("sha256", data, { key: privateKey, padding: constants.RSA_PKCS1_PADDING }).toString("hex");
  const both = cfg({ rsaPublicKeys: [spki] });
  const key = (h: Record<string, string>, c = both) => {
    const r = verifyZerohash(body, new Headers({ "x-zh-hook-timestamp": ZH_VECTOR_TIMESTAMP, ...h }), c, NOW);
    return r.ok ? r.replayKey : `rejected: ${r.reason}`;
  };

  it("is the signed timestamp and the sha256 of the signed bytes, whichever signature verified them", () => {
    const expected = replayKeyOf(body, ZH_VECTOR_TIMESTAMP);
    expect(expected).toBe(`${ZH_VECTOR_TIMESTAMP.padStart(16, "0")}.${createHash("sha256").update(data).digest("hex")}`);
    // keys sort by the signed time, so the unique index grows at its end
    expect(replayKeyOf(body, "999") < replayKeyOf(body, "1000")).toBe(true);
    expect(key({ "x-zh-hook-signature": hmac, "x-zh-hook-rsa-signature": rsa })).toBe(expected);
    // a replay that drops one of the two signatures is still the same request
    expect(key({ "x-zh-hook-signature": hmac })).toBe(expected);
    expect(key({ "x-zh-hook-rsa-signature": rsa })).toBe(expected);
    expect(key({ "x-zh-hook-signature": hmac.toUpperCase() })).toBe(expected);
  });

  it("differs when the timestamp or the body differs", () => {
    const later = String(NOW + 1);
    const h = { "x-zh-hook-timestamp": later, "x-zh-hook-signature": hmacHex(ZH_VECTOR_SECRET, signedPayload(body, later)) };
    const r = verifyZerohash(body, new Headers(h), cfg(), NOW);
    expect(r.ok && r.replayKey).toBe(replayKeyOf(body, later));
    expect(replayKeyOf(body, later)).not.toBe(replayKeyOf(body, ZH_VECTOR_TIMESTAMP));
    expect(replayKeyOf(Buffer.from(ZH_VECTOR_BODY + " "), ZH_VECTOR_TIMESTAMP)).not.toBe(replayKeyOf(body, ZH_VECTOR_TIMESTAMP));
  });

  it("is absent for the legacy body-only schemes, which carry no timestamp to bound a window", () => {
    const r = verifyZerohash(body, new Headers({ "x-zh-hook-signature-256": ZH_VECTOR_SIGNATURE_LEGACY }), cfg({ allowLegacy: true }), NOW);
    expect(r).toEqual({ ok: true, scheme: "hmac-legacy" });
  });
});
