// String fields of provider bodies, by what is stored from them (docs/decisions/0012).
// Identifiers and codes end up in indexed columns and in lookups: U+0000 or an unpaired surrogate
// in one is refused (400 with the field named), and so is one longer than MAX_ID_LENGTH, the same on
// both databases. Free text (a name, an error message) is kept: U+0000 and unpaired surrogates are
// written as the six characters `\uXXXX` in the columns built from it; the raw body keeps the bytes.
import { z } from "zod";
import { escapeUnstorable, MAX_ID_LENGTH, unstorable } from "@/lib/intake/text";

const STORABLE = "contains U+0000 or an unpaired surrogate";

/** An identifier or code; may be empty (the providers send "" for "none yet"). */
export const code = z
  .string()
  .max(MAX_ID_LENGTH, `longer than ${MAX_ID_LENGTH} characters`)
  .refine((v) => !unstorable(v), STORABLE);

/** A required identifier. */
export const id = z
  .string()
  .min(1, "expected a non-empty id")
  .max(MAX_ID_LENGTH, `longer than ${MAX_ID_LENGTH} characters`)
  .refine((v) => !unstorable(v), STORABLE);

/** Free text, kept whatever it holds. */
export const freeText = z.string().transform(escapeUnstorable);
