// Global search on both databases: an exact id of each kind finds its page, a prefix lists
// candidates, hostile input is a 400.
import { beforeAll, describe, expect, it } from "vitest";
import { prefixUpperBound } from "./search";
import { zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";
import { consoleJson } from "@/lib/testing/wire";
import { getDb } from "@/lib/db";

const SECRET = "zh_search_secret";
const KEY = "hs_search_key";
type H = (r: Request) => Promise<Response>;
let get: H;
const story = zerohashStory({ start: new Date() });
const call = async (q: string) => {
  const req = new Request(`http://localhost/api/console/search?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${KEY}` } });
  return consoleJson(req, await get(req));
};

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
  process.env.HOOKSCOPE_API_KEYS = KEY;
  const ingest = (await import("@/app/api/webhooks/zerohash/route")).POST;
  get = (await import("@/app/api/console/search/route")).GET as H;
  for (const ev of story.events) {
    const res = await ingest(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret: SECRET }), body: ev.body }));
    expect(res.status).toBe(200);
  }
});

describe("GET /api/console/search", () => {
  it("finds an exact id of each kind and links it to its page", async () => {
    const db = await getDb();
    const op = await db.operation.findUniqueOrThrow({ where: { id: story.ids.operation } });
    const trader = await db.trader.findFirstOrThrow();
    const execution = await db.execution.findFirstOrThrow();
    const event = await db.event.findFirstOrThrow();
    const delivery = await db.delivery.findFirstOrThrow();
    const cases: [string, string, string][] = [
      [op.id, "operation", `/operations/${op.id}`],
      [op.requestId, "request_id", `/operations/${op.id}`],
      [execution.id, "execution", `/operations/${execution.operationId}#execution-${execution.id}`],
      [trader.id, "trader", `/traders/${trader.id}`],
      [trader.participantCode, "participant", `/traders/${trader.id}`],
      [story.ids.strategy, "strategy", `/strategies/${story.ids.strategy}`],
      [event.id, "event", `/events?q=${event.id}`],
      [event.externalId, "notification", `/events?q=${event.externalId}`],
      [delivery.id, "delivery", `/deliveries/${delivery.id}`],
    ];
    for (const [q, kind, href] of cases) {
      const r = await call(q);
      expect([q, r.status]).toEqual([q, 200]);
      expect(r.body.hits.map((h: { kind: string }) => h.kind), q).toContain(kind);
      const found = r.body.hits.find((h: { kind: string }) => h.kind === kind);
      expect(found.href).toBe(href);
      expect(r.body.exact).not.toBeNull();
    }
  });

  it("lists candidates for a prefix, with their kind, and nothing for an unknown prefix", async () => {
    const prefix = story.ids.operation.slice(0, 8);
    const r = await call(prefix);
    expect(r.status).toBe(200);
    expect(r.body.exact).toBeNull();
    expect(r.body.hits).toContainEqual(expect.objectContaining({ kind: "operation", id: story.ids.operation }));
    for (const h of r.body.hits) expect(h.id.startsWith(prefix)).toBe(true);
    expect((await call("zzzz-nothing-here")).body).toEqual({ query: "zzzz-nothing-here", exact: null, hits: [] });
  });

  it("refuses short, oversized and control-character queries with a 400, and anonymous callers with a 401", async () => {
    expect((await call("ab")).status).toBe(400);
    expect((await call("x".repeat(201))).status).toBe(400);
    const nul = await call("abc\u0000def");
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toContain("control characters");
    expect((await get(new Request("http://localhost/api/console/search?q=abcdef"))).status).toBe(401);
  });

  it("bounds a prefix with the next string in binary order", () => {
    expect(prefixUpperBound("abc")).toBe("abd");
    expect(prefixUpperBound("a-9")).toBe("a-:");
  });
});
