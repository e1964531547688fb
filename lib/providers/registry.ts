// The only place routes look providers up.
import type { ProviderAdapter } from "@/lib/intake/types";
import { projectZerohash, zerohashRecord } from "@/lib/server/projection/zerohash";
import { redactHeaders } from "./zerohash/redact";
import { parseZerohash, type ZerohashEvent } from "./zerohash/schema";
import { verifyZerohash } from "./zerohash/verify";

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
  redact: redactHeaders,
};

export const providers = { zerohash } as const;
export type ProviderName = keyof typeof providers;
