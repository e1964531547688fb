import type { Ctx } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import type { InboundRequestDetail } from "@/lib/schemas/inbound";
import { inboundSummary } from "./view";

/** Inbound ids are UUIDs; anything else (a NUL byte, 10 KB of text) names no row. */
const ID = /^[0-9A-Za-z-]{1,64}$/;

/** One inbound-log row with its headers (signatures redacted) and body (truncated if rejected). */
export async function getInbound(ctx: Ctx, id: string): Promise<InboundRequestDetail> {
  const r = ID.test(id) ? await ctx.db.inboundRequest.findUnique({ where: { id } }) : null;
  if (!r) throw new AppError("not_found", "No inbound request with this id");
  const storedBytes = r.bodyEncoding === "base64" ? Buffer.byteLength(r.rawBody, "base64") : Buffer.byteLength(r.rawBody, "utf8");
  return {
    ...inboundSummary(r),
    headers: JSON.parse(r.headers) as Record<string, string>,
    raw_body: r.rawBody,
    body_sha256: r.bodySha256,
    body_truncated: r.bodyLength !== null && r.bodyLength > storedBytes,
  };
}
