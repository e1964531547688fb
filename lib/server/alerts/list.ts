import type { Ctx } from "@/lib/auth/actor";
import type { z } from "zod";
import type { AlertsQuery } from "@/lib/schemas/console";
import type { alertsPageSchema } from "@/lib/schemas/strategies";
import { keysetPage } from "@/lib/server/cursor";

export async function listAlerts(ctx: Ctx, q: AlertsQuery): Promise<z.output<typeof alertsPageSchema>> {
  const db = ctx.db;
  const p = await keysetPage("receivedAt", q, (k) =>
    db.accountAlert.findMany({
      where: { kind: q.kind, ...k.after },
      orderBy: k.orderBy,
      take: k.take,
    }),
  );
  return {
    items: p.items.map((a) => ({
      id: a.id,
      kind: a.kind,
      asset: a.asset,
      balance: a.balance,
      threshold: a.threshold,
      key_id: a.keyId,
      rotated_at: a.rotatedAt?.toISOString() ?? null,
      event_time: a.eventTime.toISOString(),
      received_at: a.receivedAt.toISOString(),
    })),
    next_cursor: p.next_cursor,
  };
}
