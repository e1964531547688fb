// Isomorphic filter pieces shared by the list routes, the pages' URL parsers and the query keys.
import { z } from "zod";
import { PIPAI_TYPES } from "@/lib/providers/pipai/schema";
import { ZH_EXECUTION, ZH_OPERATION, ZH_TRADER } from "@/lib/providers/zerohash/schema";

/** The lists show ids cut to 8 characters (components/format.ts shortId): that is the shortest useful prefix. */
export const ID_PREFIX_MIN = 8;
export const ID_PREFIX_MAX = 128;

// Control characters (NUL first) never occur in an id or a type; PostgreSQL refuses NUL in text outright.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
export const noControl = (v: string) => !CONTROL.test(v);

/** An ISO datetime with an offset (or none: UTC), as a Date. */
export const isoDate = z.iso.datetime({ offset: true, local: true }).transform((s) => new Date(s));

/** An id or its first characters: at least 8, so a filter never means "almost everything". */
export const idPrefix = (what: string) =>
  z
    .string()
    .trim()
    .min(ID_PREFIX_MIN, `${what} needs at least ${ID_PREFIX_MIN} characters (the short id the lists show, or the whole id)`)
    .max(ID_PREFIX_MAX, `${what} is longer than any id (${ID_PREFIX_MAX} characters at most)`)
    .refine((v) => !CONTROL.test(v), `${what} contains control characters`);

/** An id taken from a URL path: anything else cannot name a stored row. */
export const isPlausibleId = (id: string) => id.length > 0 && id.length <= ID_PREFIX_MAX && !CONTROL.test(id);

/** A whole event type or its beginning ("trade_strategy" matches every zerohash type). */
export const typePrefix = z
  .string()
  .trim()
  .min(1)
  .max(128, "type is longer than any event type (128 characters at most)")
  .refine((v) => !CONTROL.test(v), "type contains control characters");

/** `status=pricing,settling`: one or several known statuses, each at most once. */
export function statusList<const T extends readonly [string, ...string[]]>(statuses: T) {
  return z
    .string()
    .max(300)
    .transform((s) => [...new Set(s.split(",").map((p) => p.trim()).filter((p) => p !== ""))])
    .pipe(
      z
        .array(z.enum(statuses, { error: (i) => `unknown status ${JSON.stringify(String(i.input)).slice(0, 40)} (one of ${statuses.join(", ")})` }))
        .min(1, "status needs at least one value")
        // in the statuses' own order, so the same set is always the same filter (and query key)
        .transform((xs) => xs.sort((a, b) => statuses.indexOf(a) - statuses.indexOf(b))),
    );
}

/** Known event types of both providers, offered as suggestions next to the free-text prefix. */
export const KNOWN_EVENT_TYPES = [ZH_OPERATION, ZH_EXECUTION, ZH_TRADER, ...PIPAI_TYPES] as const;
