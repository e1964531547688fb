// GET /api/webhooks at scale (spec §3 contract kept): `pagination.total` comes from the tally the
// database keeps beside Delivery (triggers, migration 20261129201000), so it must equal a real
// count under concurrent inserts, status changes, deletes and retention pruning; `offset` is
// capped at WEBHOOKS_MAX_OFFSET with a 400.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/lib/db";
import { dbProvider } from "@/lib/db";
import { uuidv7 } from "@/lib/ids";
import { DELIVERY_STATUSES, WEBHOOKS_MAX_OFFSET } from "@/lib/schemas/relay";
import { pruneOnce } from "@/lib/server/retention/prune";

const KEY = "hs_webhooks_total_key";
const TYPES = ["trade_strategy.operation.status_changed", "strategy.order_filled", "webhook.test"];
type H = (r: Request) => Promise<Response>;
let list: H;
let db: Db;

const get = async (query: string) => {
  const res = await list(new Request(`http://localhost/api/webhooks${query}`, { headers: { authorization: `Bearer ${KEY}` } }));
  return { status: res.status, body: await res.json() };
};

const delivery = (i: number, at: Date) => ({
  id: uuidv7(),
  webhookId: `wh_total_${i}_${Math.random().toString(36).slice(2)}`,
  eventType: TYPES[i % TYPES.length]!,
  source: "zerohash",
  payload: "{}",
  status: "pending",
  createdAt: at,
});

/** The tally's total and a real count, read in one snapshot, for every filter the API takes. */
async function totalsAgree() {
  const filters = [{}, ...DELIVERY_STATUSES.map((status) => ({ status })), ...TYPES.map((eventType) => ({ eventType })), { status: "delivered", eventType: TYPES[0]! }];
  const read = (tx: Pick<Db, "deliveryTally" | "delivery">) =>
    Promise.all(
      filters.map(async (where) => {
        const t = await tx.deliveryTally.aggregate({ where, _sum: { count: true } });
        return { where, tally: t._sum.count ?? 0, count: await tx.delivery.count({ where }) };
      }),
    );
  // one snapshot: PostgreSQL's repeatable read, SQLite's transaction (WAL readers see one snapshot)
  const snapshot = (dbProvider() === "postgres" ? { isolationLevel: "RepeatableRead" } : undefined) as { isolationLevel?: "Serializable" } | undefined;
  const rows = await db.$transaction((tx) => read(tx), snapshot);
  for (const r of rows) expect(r.tally, JSON.stringify(r.where)).toBe(r.count);
  return rows[0]!.count;
}

beforeAll(async () => {
  process.env.HOOKSCOPE_API_KEYS = KEY;
  list = (await import("./route")).GET as H;
  db = await getDb();
});

describe("GET /api/webhooks total", () => {
  it("equals a count of the rows through concurrent inserts, status changes, deletes and retention pruning", async () => {
    const old = new Date(Date.now() - 90 * 86_400_000);
    // old inbound rows and attempts for the pruner to delete while deliveries change
    for (let i = 0; i < 30; i++) {
      await db.inboundRequest.create({ data: { provider: "zerohash", receivedAt: old, outcome: "rejected", httpStatus: 401, headers: "{}", rawBody: "" } });
    }
    let n = 0;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let round = 0; round < 15; round++) {
        const rows = Array.from({ length: 5 }, () => delivery(n++, new Date(Date.now() - round * 1000)));
        await db.delivery.createMany({ data: rows });
        if (round % 3 === w % 3) await db.delivery.updateMany({ where: { id: { in: rows.slice(0, 2).map((r) => r.id) } }, data: { status: "delivered", deliveredAt: new Date() } });
        if (round % 4 === 0) await db.delivery.updateMany({ where: { id: rows[2]!.id }, data: { status: "failed" } });
        if (round % 5 === 0) await db.delivery.deleteMany({ where: { id: rows[3]!.id } });
        if (round % 6 === 0) await db.delivery.updateMany({ where: { id: rows[4]!.id }, data: { eventType: "renamed.type" } });
      }
    });
    const checker = (async () => {
      for (let i = 0; i < 5; i++) await totalsAgree();
    })();
    const pruner = pruneOnce(db, { HOOKSCOPE_RETENTION_REJECTED_DAYS: 7, HOOKSCOPE_RETENTION_INBOUND_DAYS: 30, HOOKSCOPE_RETENTION_ATTEMPTS_DAYS: 30 }, new Date(), { batchSize: 5, pause: async () => {} });
    const [pruned] = await Promise.all([pruner, checker, ...writers]);
    expect(pruned.inbound_rejected).toBe(30);

    const count = await totalsAgree();
    expect(count).toBe(300 - 4 * 3);
    const api = await get("");
    expect(api.status).toBe(200);
    expect(api.body.pagination).toEqual({ total: count, limit: 20, offset: 0, has_more: true });
    const failed = await get("?status=failed");
    expect(failed.body.pagination.total).toBe(await db.delivery.count({ where: { status: "failed" } }));
    const typed = await get(`?event_type=${TYPES[1]}&status=pending&limit=100`);
    expect(typed.body.pagination.total).toBe(await db.delivery.count({ where: { eventType: TYPES[1], status: "pending" } }));
    expect(typed.body.events).toHaveLength(typed.body.pagination.total);
  });

  it("serves offset up to the cap and answers 400 past it", async () => {
    const atCap = await get(`?offset=${WEBHOOKS_MAX_OFFSET}`);
    expect(atCap.status).toBe(200);
    expect(atCap.body).toMatchObject({ success: true, events: [], pagination: { offset: WEBHOOKS_MAX_OFFSET, has_more: false } });
    expect(await get(`?offset=${WEBHOOKS_MAX_OFFSET + 1}`)).toEqual({
      status: 400,
      body: { success: false, error: `offset must be at most ${WEBHOOKS_MAX_OFFSET}; narrow the list with status or event_type` },
    });
    expect((await get("?offset=99999999999999999999")).status).toBe(400);
  });
});
