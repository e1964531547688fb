/**
 * zerohash webhook signature verification (spec: providers.md §1).
 * Pure: node:crypto only, never throws on hostile input, never puts secrets
 * or signature values into a reason.
 */
import {
  constants,
  createHash,
  createHmac,
  createPublicKey,
  timingSafeEqual,
  verify as cryptoVerify,
  type KeyObject,
} from "node:crypto";

export type ZerohashVerifyConfig = {
  /** active HMAC secrets (rotation: any one may verify) */
  secrets: string[];
  /** PEM texts (PKCS#1 "BEGIN RSA PUBLIC KEY" or SPKI "BEGIN PUBLIC KEY"); may be empty */
  rsaPublicKeys: string[];
  /** accept x-zh-hook-signature-256 / x-zh-hook-rsa-signature-256 (body-only) when true */
  allowLegacy: boolean;
  /** replay window, e.g. 300 */
  toleranceSeconds: number;
};

export type VerifyResult =
  /** replayKey: set for the timestamped schemes, see replayKeyOf. */
  | { ok: true; scheme: "hmac" | "rsa" | "hmac-legacy" | "rsa-legacy"; replayKey?: string }
  | { ok: false; reason: string };

export const ZH_HEADER_TIMESTAMP = "x-zh-hook-timestamp";
export const ZH_HEADER_SIGNATURE = "x-zh-hook-signature";
export const ZH_HEADER_RSA_SIGNATURE = "x-zh-hook-rsa-signature";
export const ZH_HEADER_SIGNATURE_LEGACY = "x-zh-hook-signature-256";
export const ZH_HEADER_RSA_SIGNATURE_LEGACY = "x-zh-hook-rsa-signature-256";

/**
 * The one place the signed-payload formula lives: raw body bytes immediately
 * followed by the x-zh-hook-timestamp header string, no separator.
 */
export function signedPayload(rawBody: Buffer, timestamp: string): Buffer {
  return Buffer.concat([rawBody, Buffer.from(timestamp, "utf8")]);
}

/**
 * What identifies one signed request: sha256 of the signed bytes (body + timestamp), not of a
 * signature header. A request that carries both an HMAC and an RSA signature verifies with either;
 * keyed on one header, a replay that dropped it would get a fresh key. Whoever can make a valid
 * signature over other bytes is the sender, so equal signed bytes under a second notification id
 * are a replay. Only the hash is stored: it cannot be turned back into a signature.
 *
 * The signed timestamp (zero-padded, so keys sort by it) leads the key: keys arrive in time order,
 * so each one lands at the end of the unique index instead of on a random page of it, which the
 * intake would otherwise write anew for every event (decision 0024). It is part of the signed bytes,
 * so the key is still a function of them alone.
 */
export function replayKeyOf(rawBody: Buffer, timestamp: string): string {
  return `${timestamp.padStart(16, "0")}.${createHash("sha256").update(signedPayload(rawBody, timestamp)).digest("hex")}`;
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/** Decode a hex header value; undefined for anything that is not even-length hex. */
function decodeHex(value: string): Buffer | undefined {
  const v = value.trim();
  if (!HEX.test(v)) return undefined;
  return Buffer.from(v, "hex");
}

function hmacMatches(data: Buffer, signatureHex: string, secrets: readonly string[]): boolean {
  const given = decodeHex(signatureHex);
  if (!given || given.length !== 32) return false;
  let matched = false;
  // Check every secret (no early exit) so timing does not reveal which one matched.
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    const expected = createHmac("sha256", secret).update(data).digest();
    if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
  }
  return matched;
}

function loadKeys(pems: readonly string[]): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const pem of pems) {
    if (!pem.trim()) continue;
    try {
      // createPublicKey auto-detects "BEGIN RSA PUBLIC KEY" (pkcs1) and "BEGIN PUBLIC KEY" (spki).
      const key = createPublicKey({ key: pem, format: "pem" });
      if (key.asymmetricKeyType === "rsa") keys.push(key);
    } catch {
      // An unparsable configured key cannot verify anything; skip it.
    }
  }
  return keys;
}

function safeVerify(
  data: Buffer,
  key: KeyObject,
  signature: Buffer,
  padding: "pss" | "pkcs1",
): boolean {
  try {
    return cryptoVerify(
      "sha256",
      data,
      padding === "pss"
        ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }
        : { key, padding: constants.RSA_PKCS1_PADDING },
      signature,
    );
  } catch {
    return false;
  }
}

function rsaMatches(data: Buffer, signatureHex: string, keys: readonly KeyObject[]): boolean {
  const given = decodeHex(signatureHex);
  if (!given) return false;
  for (const key of keys) {
    // Padding is undocumented: PSS first, then PKCS#1 v1.5.
    if (safeVerify(data, key, given, "pss")) return true;
    if (safeVerify(data, key, given, "pkcs1")) return true;
  }
  return false;
}

function header(headers: Headers, name: string): string | undefined {
  const v = headers.get(name);
  if (v === null) return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}

type Outcome = VerifyResult;

/**
 * Verify one zerohash delivery.
 *
 * Order: the timestamped schemes (x-zh-hook-signature HMAC, x-zh-hook-rsa-signature)
 * decide when either header is present. Only if they fail AND allowLegacy is on AND a
 * legacy header is present is the body-only legacy signature tried (legacy mode has no
 * replay protection anyway: a sender could simply omit the timestamped headers). If the
 * legacy attempt also fails, the timestamped failure reason is returned.
 */
export function verifyZerohash(
  rawBody: Buffer,
  headers: Headers,
  cfg: ZerohashVerifyConfig,
  nowMs: number,
): VerifyResult {
  const secrets = cfg.secrets.filter((s) => s.length > 0);
  const keys = loadKeys(cfg.rsaPublicKeys);
  if (secrets.length === 0 && keys.length === 0) {
    return { ok: false, reason: "no HMAC secret or RSA key configured" };
  }

  const sig = header(headers, ZH_HEADER_SIGNATURE);
  const rsaSig = header(headers, ZH_HEADER_RSA_SIGNATURE);
  const legacySig = header(headers, ZH_HEADER_SIGNATURE_LEGACY);
  const legacyRsaSig = header(headers, ZH_HEADER_RSA_SIGNATURE_LEGACY);
  const hasTimestamped = sig !== undefined || rsaSig !== undefined;
  const hasLegacy = legacySig !== undefined || legacyRsaSig !== undefined;

  const tryLegacy = (): Outcome => {
    if (!cfg.allowLegacy) return { ok: false, reason: "legacy body-only signature not enabled" };
    const usable =
      (legacySig !== undefined && secrets.length > 0) || (legacyRsaSig !== undefined && keys.length > 0);
    if (!usable) return { ok: false, reason: "no key configured for the signature scheme sent" };
    if (legacySig !== undefined && secrets.length > 0 && hmacMatches(rawBody, legacySig, secrets)) {
      return { ok: true, scheme: "hmac-legacy" };
    }
    if (legacyRsaSig !== undefined && keys.length > 0 && rsaMatches(rawBody, legacyRsaSig, keys)) {
      return { ok: true, scheme: "rsa-legacy" };
    }
    return { ok: false, reason: "invalid signature" };
  };

  if (!hasTimestamped) {
    if (!hasLegacy) return { ok: false, reason: "missing signature header" };
    return tryLegacy();
  }

  const primary = verifyTimestamped(rawBody, headers, sig, rsaSig, secrets, keys, cfg, nowMs);
  if (primary.ok) return primary;
  if (hasLegacy && cfg.allowLegacy) {
    const legacy = tryLegacy();
    if (legacy.ok) return legacy;
  }
  return primary;
}

function verifyTimestamped(
  rawBody: Buffer,
  headers: Headers,
  sig: string | undefined,
  rsaSig: string | undefined,
  secrets: readonly string[],
  keys: readonly KeyObject[],
  cfg: ZerohashVerifyConfig,
  nowMs: number,
): Outcome {
  const ts = header(headers, ZH_HEADER_TIMESTAMP);
  if (ts === undefined) return { ok: false, reason: `missing ${ZH_HEADER_TIMESTAMP}` };
  if (!/^\d{1,16}$/.test(ts)) return { ok: false, reason: `invalid ${ZH_HEADER_TIMESTAMP}` };
  const tsMs = Number(ts);
  if (!Number.isSafeInteger(tsMs)) return { ok: false, reason: `invalid ${ZH_HEADER_TIMESTAMP}` };
  const tol = Number.isFinite(cfg.toleranceSeconds) && cfg.toleranceSeconds >= 0 ? cfg.toleranceSeconds : 300;
  if (Math.abs(nowMs - tsMs) > tol * 1000) {
    return { ok: false, reason: `timestamp outside the ±${tol}s window` };
  }

  const usable = (sig !== undefined && secrets.length > 0) || (rsaSig !== undefined && keys.length > 0);
  if (!usable) return { ok: false, reason: "no key configured for the signature scheme sent" };

  const data = signedPayload(rawBody, ts);
  if (sig !== undefined && secrets.length > 0 && hmacMatches(data, sig, secrets)) {
    return { ok: true, scheme: "hmac", replayKey: replayKeyOf(rawBody, ts) };
  }
  if (rsaSig !== undefined && keys.length > 0 && rsaMatches(data, rsaSig, keys)) {
    return { ok: true, scheme: "rsa", replayKey: replayKeyOf(rawBody, ts) };
  }
  return { ok: false, reason: "invalid signature" };
}
