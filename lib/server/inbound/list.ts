import type { z } from "zod";
import type { Ctx } from "@/lib/auth/actor";
import type { inboundPageSchema } from "@/lib/schemas/inbound";
import type { InboundQuery } from "@/lib/schemas/console";
import { keysetPage } from "@/lib/server/cursor";
import { inboundSummary } from "./view";

/**
 * The inbound log, newest first. List rows carry neither headers nor body (a page of 200 could be
 * 200 MiB of bodies): the detail (./get.ts) has them.
 */
export async function listInbound(ctx: Ctx, q: InboundQuery): Promise<z.output<typeof inboundPageSchema>> {
  const db = ctx.db;
  const p = await keysetPage("receivedAt", q, (k) =>
    db.inboundRequest.findMany({
      where: {
        outcome: q.outcome,
        provider: q.provider,
        externalId: q.notification_id,
        ...k.after,
      },
      orderBy: k.orderBy,
      take: k.take,
      select: {
        id: true,
        provider: true,
        payloadType: true,
        externalId: true,
        deliveryId: true,
        deliveryAttempt: true,
        receivedAt: true,
        outcome: true,
        httpStatus: true,
        reason: true,
        bodyEncoding: true,
        bodyLength: true,
        eventId: true,
      },
    }),
  );
  return {
    items: p.items.map(inboundSummary),
    next_cursor: p.next_cursor,
  };
}
