// The only place routes look providers up.
import type { ProviderAdapter } from "@/lib/intake/types";
import { projectPipai, pipaiRecord } from "@/lib/server/projection/pipai";
import { projectZerohash, zerohashRecord } from "@/lib/server/projection/zerohash";
import { parsePipai, pipaiConsistency, type PipaiEvent } from "./pipai/schema";
import {
  PIPAI_HEADER_DELIVERY_ATTEMPT,
  PIPAI_HEADER_DELIVERY_ID,
  PIPAI_HEADER_EVENT_ID,
  PIPAI_HEADER_EVENT_TYPE,
  PIPAI_HEADER_TIMESTAMP,
  PIPAI_HEADER_WEBHOOK_ID,
  verifyPipai,
} from "./pipai/verify";
import { parseZerohash, type ZerohashEvent } from "./zerohash/schema";
import { verifyZerohash, ZH_HEADER_TIMESTAMP } from "./zerohash/verify";
import { allowListRedactor } from "./redact";

const zerohash: ProviderAdapter<ZerohashEvent> = {
  name: "zerohash",
  meta: (h) => ({ payloadType: h.get("x-zh-hook-payload-type"), externalId: h.get("x-zh-hook-notification-id") }),
  verify: (raw, headers, env, now) =>
    verifyZerohash(raw, headers, {
      secrets: env.ZEROHASH_WEBHOOK_SECRETS,
      rsaPublicKeys: env.ZEROHASH_RSA_PUBLIC_KEYS,
      allowLegacy: env.ZEROHASH_ALLOW_LEGACY_SIGNATURES,
      toleranceSeconds: env.WEBHOOK_TOLERANCE_SECONDS,
    }, now),
  parse: (type, json) => {
    const r = parseZerohash(type, json);
    return r.ok ? { ok: true, value: r.event } : r;
  },
  record: zerohashRecord,
  project: projectZerohash,
  // its own headers but the four signature headers (spec §1)
  redact: allowListRedactor(["x-zh-hook-payload-type", "x-zh-hook-notification-id", ZH_HEADER_TIMESTAMP]),
};

/** 1 … 10 as sent; anything else is not a usable attempt number. */
function attemptOf(v: string | null): number | null {
  if (v === null || !/^\d{1,4}$/.test(v.trim())) return null;
  return Number(v.trim());
}

const pipai: ProviderAdapter<PipaiEvent> = {
  name: "pipai",
  meta: (h) => ({
    payloadType: h.get(PIPAI_HEADER_EVENT_TYPE),
    externalId: h.get(PIPAI_HEADER_EVENT_ID),
    deliveryId: h.get(PIPAI_HEADER_DELIVERY_ID),
    deliveryAttempt: attemptOf(h.get(PIPAI_HEADER_DELIVERY_ATTEMPT)),
  }),
  verify: (raw, headers, env, now) =>
    verifyPipai(raw, headers, { secrets: env.PIPAI_WEBHOOK_SECRETS, toleranceSeconds: env.WEBHOOK_TOLERANCE_SECONDS }, now),
  // The body's own type routes validation; consistency() then requires the headers to agree.
  parse: (_type, json) => {
    const r = parsePipai(json);
    return r.ok ? { ok: true, value: r.event } : r;
  },
  consistency: pipaiConsistency,
  record: (ev) => pipaiRecord(ev),
  project: projectPipai,
  // its own headers but X-PipAI-Signature (spec §2)
  redact: allowListRedactor([
    PIPAI_HEADER_EVENT_ID,
    PIPAI_HEADER_EVENT_TYPE,
    PIPAI_HEADER_WEBHOOK_ID,
    PIPAI_HEADER_DELIVERY_ID,
    PIPAI_HEADER_DELIVERY_ATTEMPT,
    PIPAI_HEADER_TIMESTAMP,
  ]),
};

export const providers = { zerohash, pipai } as const;
export type ProviderName = keyof typeof providers;
