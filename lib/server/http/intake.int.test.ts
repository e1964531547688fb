// The production intake listener (node:http, no Next.js) against the real database of this run.
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/lib/db";
import { pipaiStory } from "@/lib/testing/pipai-story";
import { pipaiHeaders, zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";

const SECRET = "zh_node_intake_secret";
const PIPAI_SECRET = "pipai_node_intake_secret";
let server: http.Server;
let port: number;
let db: Db;

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
  process.env.PIPAI_WEBHOOK_SECRETS = PIPAI_SECRET;
  const { intakeProviderOf, intakeHandler } = await import("./intake");
  server = http.createServer((req, res) => {
    const name = intakeProviderOf(req);
    if (name) return void intakeHandler(name)(req, res);
    res.writeHead(404).end("not intake");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  port = (server.address() as AddressInfo).port;
  db = await getDb();
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", headers, body });

/** The PostgreSQL round trips the intake store waited for while it accepted this request. */
async function roundTripsOf(path: string, body: string, headers: Record<string, string>): Promise<number> {
  const { getSqlStore } = await import("@/lib/server/sql/store");
  const store = getSqlStore();
  const before = store.roundTrips!();
  expect((await post(path, body, headers)).status).toBe(200);
  return store.roundTrips!() - before;
}

describe("node:http intake", () => {
  it("routes only POST to a provider path (query allowed) and leaves the rest to Next.js", async () => {
    const { intakeProviderOf } = await import("./intake");
    const req = (method: string, url: string) => ({ method, url }) as http.IncomingMessage;
    expect(intakeProviderOf(req("POST", "/api/webhooks/zerohash"))).toBe("zerohash");
    expect(intakeProviderOf(req("POST", "/api/webhooks/pipai?x=1"))).toBe("pipai");
    expect(intakeProviderOf(req("GET", "/api/webhooks/zerohash"))).toBeNull();
    expect(intakeProviderOf(req("POST", "/api/webhooks/test"))).toBeNull();
    expect(intakeProviderOf(req("POST", "/api/webhooks/zerohash/extra"))).toBeNull();
  });

  it("accepts a signed event, then answers its redelivery as a duplicate", async () => {
    const ev = zerohashStory().events[0]!;
    const headers = zerohashHeaders({ ...ev, secret: SECRET });
    const first = await post("/api/webhooks/zerohash", ev.body, headers);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ received: true });
    const again = await post("/api/webhooks/zerohash", ev.body, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ received: true, duplicate: true });
    expect(await db.event.count({ where: { externalId: ev.notificationId } })).toBe(1);
    const outcomes = (await db.inboundRequest.findMany({ where: { externalId: ev.notificationId } })).map((r) => r.outcome).sort();
    expect(outcomes).toEqual(["accepted", "duplicate"]);
  });

  it.skipIf(process.env.HOOKSCOPE_TEST_DB !== "postgres")("stores an accepted event in two PostgreSQL round trips (pipelined, decision 0024)", async () => {
    // dated now: an event older than HOOKSCOPE_LAG_THRESHOLD raises provider_lag, one write more
    const ev = zerohashStory({ start: new Date() }).events[0]!;
    // BEGIN, the event, the operation's lock, its open anomalies (sent ahead, lib/server/anomalies/
    // sync.ts) and its event set; then the projection, the delivery, log, change and COMMIT
    expect(await roundTripsOf("/api/webhooks/zerohash", ev.body, zerohashHeaders({ ...ev, secret: SECRET }))).toBe(2);
    expect(await db.operation.count({ where: { id: JSON.parse(ev.body).id } })).toBe(1);
  });

  it.skipIf(process.env.HOOKSCOPE_TEST_DB !== "postgres")("stores an execution of a known operation, and a trader already enrolled, in two PostgreSQL round trips each", async () => {
    const { ids, events } = zerohashStory({ start: new Date() });
    const send = (i: number) => roundTripsOf("/api/webhooks/zerohash", events[i]!.body, zerohashHeaders({ ...events[i]!, secret: SECRET }));
    await send(0);
    // the operation row and the execution's open anomalies ride with its event set (sync.ts)
    expect(await send(2)).toBe(2);
    // the settled execution with the trader's id (its gap lookup waits), then trader.created: its
    // row, its enrollment and its open anomalies in one round trip
    await send(5);
    expect(await send(6)).toBe(2);
    expect(await db.anomaly.count({ where: { entityId: { in: [ids.operation, ids.ex1, ids.trader] }, clearedAt: null } })).toBe(0);
  });

  it.skipIf(process.env.HOOKSCOPE_TEST_DB !== "postgres")("stores a PipAI position event in two PostgreSQL round trips", async () => {
    const { ids, events } = pipaiStory({ start: new Date() });
    const send = (i: number) => roundTripsOf("/api/webhooks/pipai", events[i]!.body, pipaiHeaders({ body: events[i]!.body, secret: PIPAI_SECRET }));
    await send(0);
    await send(1);
    // the strategy row, the position's events and both open-anomaly reads in one round trip
    expect(await send(4)).toBe(2);
    expect(await db.position.count({ where: { id: ids.position } })).toBe(1);
  });

  it("queues a new or renamed strategy for the search index, and nothing for an event that keeps its name", async () => {
    const { indexGrams } = await import("@/lib/server/strategies/search");
    const queued = async (id: string) => (await db.strategyGramQueue.findUnique({ where: { strategyId: id } }))?.gen ?? null;
    const zh = zerohashStory();
    const op = zh.events[0]!;
    expect((await post("/api/webhooks/zerohash", op.body, zerohashHeaders({ ...op, secret: SECRET }))).status).toBe(200);
    expect(await queued(zh.ids.strategy)).toBe(1);
    const { ids, events } = pipaiStory({ start: new Date(), name: "first name" });
    const send = async (body: string) => expect((await post("/api/webhooks/pipai", body, pipaiHeaders({ body, secret: PIPAI_SECRET }))).status).toBe(200);
    await send(events[0]!.body);
    expect(await queued(ids.strategy)).toBe(1);
    await indexGrams();
    expect(await queued(ids.strategy)).toBeNull();
    expect(await queued(zh.ids.strategy)).toBeNull();
    // deployed with the same name: the strategy row is rewritten, the search index is not
    await send(events[1]!.body);
    expect(await queued(ids.strategy)).toBeNull();
    const renamed = JSON.parse(events[7]!.body) as { data: Record<string, unknown> };
    renamed.data.name = "second name";
    await send(JSON.stringify(renamed));
    expect(await queued(ids.strategy)).toBe(1);
    expect(await db.strategy.findUniqueOrThrow({ where: { id: ids.strategy }, select: { name: true } })).toEqual({ name: "second name" });
  });

  it("rejects a bad signature with 401 and logs it with the reason", async () => {
    const ev = zerohashStory().events[0]!;
    const res = await post("/api/webhooks/zerohash", ev.body, { ...zerohashHeaders({ ...ev, secret: "wrong" }) });
    expect(res.status).toBe(401);
    const row = await db.inboundRequest.findFirstOrThrow({ where: { externalId: ev.notificationId } });
    expect(row.outcome).toBe("rejected");
    expect(row.reason).toMatch(/signature/i);
  });

  it("answers 413 to a streamed body over 1 MiB, closes the connection and stores no body", async () => {
    const ev = zerohashStory().events[0]!;
    const headers = zerohashHeaders({ ...ev, secret: SECRET });
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, path: "/api/webhooks/zerohash", method: "POST", headers }, (res) => {
        expect(res.headers.connection).toBe("close");
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      // The server answers and closes before reading the rest, so the remaining writes may meet a
      // reset; that is the expected end of this exchange as long as the answer arrives.
      req.on("error", (err: NodeJS.ErrnoException) => {
        if (err.code !== "EPIPE" && err.code !== "ECONNRESET") reject(err);
      });
      req.on("close", () => setTimeout(() => reject(new Error("connection closed without an answer")), 2000).unref());
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      // chunked, no Content-Length: the cap must be enforced while reading
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
    const row = await db.inboundRequest.findFirstOrThrow({ where: { externalId: ev.notificationId } });
    expect(row).toMatchObject({ outcome: "rejected", httpStatus: 413, rawBody: "" });
  });

  it("logs a request whose sender goes away mid-body", async () => {
    const ev = zerohashStory().events[0]!;
    const headers = zerohashHeaders({ ...ev, secret: SECRET });
    const socket = net.connect(port, "127.0.0.1");
    await new Promise<void>((r) => socket.once("connect", () => r()));
    const head = Object.entries({ ...headers, "content-length": String(ev.body.length + 100) })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("");
    socket.write(`POST /api/webhooks/zerohash HTTP/1.1\r\nhost: x\r\n${head}\r\n${ev.body.slice(0, 10)}`);
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    await expect.poll(() => db.inboundRequest.findFirst({ where: { externalId: ev.notificationId } }), { timeout: 10_000 }).toMatchObject({
      outcome: "rejected",
      httpStatus: 400,
      reason: expect.stringContaining("aborted by the sender after 10 body bytes"),
    });
    expect(await db.event.count({ where: { externalId: ev.notificationId } })).toBe(0);
  });
});
