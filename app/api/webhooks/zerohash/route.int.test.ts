import { beforeAll, describe, expect, it, vi } from "vitest";
import { zerohashHeaders } from "@/lib/testing/sign";
import { shuffled, zerohashStory } from "@/lib/testing/zerohash-story";

const SECRET = "zh_test_secret_current";
const ctl = vi.hoisted(() => ({ failProjection: false }));

vi.mock("@/lib/server/projection/zerohash", async (importOriginal) => {
  const m = await importOriginal<typeof import("@/lib/server/projection/zerohash")>();
  return {
    ...m,
    // fails after the projection has written its rows: the rollback must take those too
    projectZerohash: function* (...args: Parameters<typeof m.projectZerohash>) {
      yield* m.projectZerohash(...args);
      if (ctl.failProjection) throw new Error("simulated projection failure");
    },
  };
});

let POST: (req: Request) => Promise<Response>;
let db: Awaited<ReturnType<typeof import("@/lib/db").getDb>>;

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = `zh_old_secret, ${SECRET}`;
  process.env.WEBHOOK_TOLERANCE_SECONDS = "300";
  ({ POST } = await import("./route"));
  db = await (await import("@/lib/db")).getDb();
});

function send(ev: { payloadType: string; notificationId: string; body: string }, over: Record<string, string> = {}) {
  const headers = { ...zerohashHeaders({ ...ev, secret: SECRET }), ...over };
  return POST(new Request("http://localhost/api/webhooks/zerohash", { method: "POST", headers, body: ev.body }));
}

describe("POST /api/webhooks/zerohash", () => {
  it("accepts a signed event, projects it, and logs the request", async () => {
    const { ids, events } = zerohashStory();
    const res = await send(events[0]!);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true });
    const op = await db.operation.findUniqueOrThrow({ where: { id: ids.operation } });
    expect(op.status).toBe("validating");
    const inbound = await db.inboundRequest.findMany({ where: { externalId: events[0]!.notificationId } });
    expect(inbound).toHaveLength(1);
    expect(inbound[0]!.outcome).toBe("accepted");
    expect(inbound[0]!.headers).toContain("[redacted]");
    expect(inbound[0]!.headers).not.toContain(zerohashHeaders({ ...events[0]!, secret: SECRET })["x-zh-hook-signature"].slice(0, 16));
  });

  it("answers 2xx to a duplicate and changes nothing", async () => {
    const { ids, events } = zerohashStory();
    await send(events[1]!);
    const before = await db.operation.findUniqueOrThrow({ where: { id: ids.operation } });
    const res = await send(events[1]!);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true, duplicate: true });
    expect(await db.event.count({ where: { externalId: events[1]!.notificationId } })).toBe(1);
    const after = await db.operation.findUniqueOrThrow({ where: { id: ids.operation } });
    expect(after).toEqual(before);
    const outcomes = (await db.inboundRequest.findMany({ where: { externalId: events[1]!.notificationId }, orderBy: { receivedAt: "asc" } })).map((r) => r.outcome);
    expect(outcomes.sort()).toEqual(["accepted", "duplicate"]);
  });

  it("rebuilds the same final state whatever the arrival order, with duplicates", async () => {
    for (const seed of [1, 7, 42]) {
      const { ids, events } = zerohashStory();
      const stream = shuffled([...events, events[2]!, events[5]!, events[0]!], seed);
      for (const ev of stream) expect((await send(ev)).status).toBe(200);
      const op = await db.operation.findUniqueOrThrow({ where: { id: ids.operation } });
      expect(op.status).toBe("settled");
      expect(op.statusReason).toBe("partial_success");
      expect(op.eventCount).toBe(4);
      const ex = await db.execution.findMany({ where: { operationId: ids.operation }, orderBy: { participantCode: "asc" } });
      expect(ex.map((e) => [e.participantCode, e.status])).toEqual([["CUST01", "settled"], ["CUST02", "rejected"]]);
      expect(JSON.parse(ex[0]!.instructions)).toHaveLength(2);
      expect((await db.trader.findUniqueOrThrow({ where: { id: ids.trader } })).participantCode).toBe("CUST01");
      // the strategy row folds events in one at a time; it must equal the aggregate of the stored set
      const strategy = await db.strategy.findUniqueOrThrow({ where: { id: ids.strategy } });
      const agg = await db.event.aggregate({
        where: { provider: "zerohash", strategyId: ids.strategy },
        _count: { _all: true },
        _min: { eventTime: true, receivedAt: true },
        _max: { eventTime: true, receivedAt: true },
      });
      expect(agg._count._all).toBe(events.length);
      expect(strategy).toMatchObject({
        provider: "zerohash",
        status: "active",
        eventCount: events.length,
        createdAt: agg._min.eventTime,
        updatedAt: agg._max.eventTime,
        firstReceivedAt: agg._min.receivedAt,
        lastReceivedAt: agg._max.receivedAt,
      });
    }
  });

  it("keeps an impossible late transition in history without moving the status back", async () => {
    const { ids, events } = zerohashStory();
    await send(events[7]!); // settled
    const late = JSON.parse(events[1]!.body);
    late.updated_at = "2026-11-20T09:20:00Z"; // pricing, reported after settled
    const res = await send({ ...events[1]!, body: JSON.stringify(late) });
    expect(res.status).toBe(200);
    const op = await db.operation.findUniqueOrThrow({ where: { id: ids.operation } });
    expect(op.status).toBe("settled");
    expect(JSON.parse(op.anomalies).map((a: { code: string }) => a.code)).toContain("impossible_transition");
  });

  it("rejects a bad signature with 401 and logs the reason, storing no event", async () => {
    const { events } = zerohashStory();
    const res = await send(events[0]!, { "x-zh-hook-signature": "00".repeat(32) });
    expect(res.status).toBe(401);
    const row = await db.inboundRequest.findFirstOrThrow({ where: { externalId: events[0]!.notificationId } });
    expect(row.outcome).toBe("rejected");
    expect(row.reason).toMatch(/signature/i);
    expect(row.rawBody).toBe(events[0]!.body);
    expect(await db.event.count({ where: { externalId: events[0]!.notificationId } })).toBe(0);
  });

  it("rejects a stale timestamp with 401", async () => {
    const { events } = zerohashStory();
    const ev = events[0]!;
    const headers = zerohashHeaders({ ...ev, secret: SECRET, timestampMs: Date.now() - 301_000 });
    const res = await POST(new Request("http://localhost/api/webhooks/zerohash", { method: "POST", headers, body: ev.body }));
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatch(/window|timestamp/i);
  });

  it("verifies with any active secret (rotation)", async () => {
    const { events } = zerohashStory();
    const ev = events[0]!;
    const headers = zerohashHeaders({ ...ev, secret: "zh_old_secret" });
    const res = await POST(new Request("http://localhost/api/webhooks/zerohash", { method: "POST", headers, body: ev.body }));
    expect(res.status).toBe(200);
  });

  it("answers 400 for a signed body that fails its schema, and stores it with the error", async () => {
    const { events } = zerohashStory();
    const bad = JSON.parse(events[0]!.body);
    delete bad.strategy_id;
    const ev = { ...events[0]!, body: JSON.stringify(bad) };
    const res = await send(ev);
    expect(res.status).toBe(400);
    const row = await db.inboundRequest.findFirstOrThrow({ where: { externalId: ev.notificationId } });
    expect(row.reason).toMatch(/strategy_id/);
    expect(row.rawBody).toBe(ev.body);
  });

  it("answers 400 for a signed body that is not JSON", async () => {
    const res = await send({ payloadType: "trade_strategy.operation.status_changed", notificationId: crypto.randomUUID(), body: "{not json" });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/not JSON/);
  });

  it("accepts and stores un-modelled payload types raw", async () => {
    const ev = { payloadType: "participant_status_changed", notificationId: crypto.randomUUID(), body: '{"participant_code":"CUST09","status":"approved","extra":{"kept":true}}' };
    const res = await send(ev);
    expect(res.status).toBe(200);
    const stored = await db.event.findFirstOrThrow({ where: { externalId: ev.notificationId } });
    expect(stored.type).toBe("participant_status_changed");
    expect(stored.subjectType).toBeNull();
    expect(stored.payload).toBe(ev.body);
  });

  it("answers 413 for a body over 1 MiB without storing it", async () => {
    const ev = { payloadType: "unspecified", notificationId: crypto.randomUUID(), body: JSON.stringify({ pad: "x".repeat(1024 * 1024) }) };
    const res = await send(ev);
    expect(res.status).toBe(413);
    const row = await db.inboundRequest.findFirstOrThrow({ where: { externalId: ev.notificationId } });
    expect(row.outcome).toBe("rejected");
    expect(row.rawBody).toBe("");
  });

  it("commits event and projection together: a failed projection leaves nothing and a retry succeeds", async () => {
    const { ids, events } = zerohashStory();
    ctl.failProjection = true;
    const res = await send(events[0]!);
    ctl.failProjection = false;
    expect(res.status).toBe(503);
    expect(await db.event.count({ where: { externalId: events[0]!.notificationId } })).toBe(0);
    expect(await db.operation.findUnique({ where: { id: ids.operation } })).toBeNull();
    expect(await db.delivery.count({ where: { operationId: ids.operation } })).toBe(0);
    const logged = await db.inboundRequest.findFirstOrThrow({ where: { externalId: events[0]!.notificationId } });
    expect(logged.outcome).toBe("error");
    const retry = await send(events[0]!);
    expect(retry.status).toBe(200);
    expect((await retry.json()).duplicate).toBeUndefined();
    expect((await db.operation.findUniqueOrThrow({ where: { id: ids.operation } })).status).toBe("validating");
    // exactly one relay delivery, for the committed event
    const event = await db.event.findFirstOrThrow({ where: { externalId: events[0]!.notificationId } });
    expect(await db.delivery.findMany({ where: { operationId: ids.operation }, select: { eventId: true } })).toEqual([{ eventId: event.id }]);
  });

  it("projects concurrent deliveries for one operation without losing any", async () => {
    const { ids, events } = zerohashStory();
    const opEvents = events.filter((e) => e.payloadType.endsWith("operation.status_changed"));
    const results = await Promise.all(opEvents.map((e) => send(e)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const op = await db.operation.findUniqueOrThrow({ where: { id: ids.operation } });
    expect(op.eventCount).toBe(4);
    expect(op.status).toBe("settled");
  });
});
