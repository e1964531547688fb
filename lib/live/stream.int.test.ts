import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, dbProvider, getDb, type Db } from "@/lib/db";
import { databaseUrl } from "@/lib/db-url";
import { updateDestination } from "@/lib/server/relay/destination";
import { createWorker } from "@/lib/server/relay/worker";
import { testCtx } from "@/lib/testing/ctx";
import { zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";
import { createHub, idFloor, prune, RETENTION_MS } from "./hub";
import type { LiveMessage } from "./message";
import { liveStream, openStreamCount } from "./stream";

const SECRET = "zh_live_test";
const KEY = "hs_live_test_key";
let db: Db;
let stream: (r: Request) => Promise<Response>;
let ingest: (r: Request) => Promise<Response>;
const others: Db[] = [];

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
  process.env.HOOKSCOPE_API_KEYS = KEY;
  db = await getDb();
  stream = (await import("@/app/api/console/stream/route")).GET;
  ingest = (await import("@/app/api/webhooks/zerohash/route")).POST;
});
afterAll(async () => {
  for (const o of others) await o.$disconnect();
});

const open = (init: { headers?: Record<string, string>; query?: string; method?: string } = {}) => {
  const ac = new AbortController();
  const req = new Request(`http://localhost/api/console/stream${init.query ?? ""}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${KEY}`, ...init.headers },
    signal: ac.signal,
  });
  return { req, ac };
};

/** Reads SSE frames from a response body until `until` holds or the time runs out. */
function reader(res: Response) {
  const r = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = "";
  // a read still pending when the poll timed out: its chunk must not be lost
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  const frames: { id?: string; event?: string; data?: string; comment?: string; retry?: string }[] = [];
  const messages = () => frames.filter((f) => f.event === "change").map((f) => JSON.parse(f.data!) as LiveMessage);
  async function until(pred: () => boolean, ms = 5_000) {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out; frames so far: ${JSON.stringify(frames)}`);
      pending ??= r.read();
      const chunk = await Promise.race([pending, new Promise<null>((res) => setTimeout(() => res(null), 100))]);
      if (chunk === null) continue;
      pending = null;
      if (chunk.done) throw new Error("stream ended");
      buf += dec.decode(chunk.value, { stream: true });
      let i;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const f: (typeof frames)[number] = {};
        for (const line of buf.slice(0, i).split("\n")) {
          if (line.startsWith(":")) f.comment = line.slice(1).trim();
          else {
            const [k, ...v] = line.split(":");
            (f as Record<string, string>)[k!] = v.join(":").trimStart();
          }
        }
        frames.push(f);
        buf = buf.slice(i + 2);
      }
    }
  }
  return { frames, messages, until, cancel: () => r.cancel() };
}

async function idle(hub: ReturnType<typeof createHub>) {
  const end = Date.now() + 2_000;
  while (hub.stats().polling && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  expect(hub.stats()).toEqual({ subscribers: 0, polling: false });
  // and it stays that way: no timer left armed
  await new Promise((r) => setTimeout(r, 100));
  expect(hub.stats().polling).toBe(false);
}

const story = zerohashStory({ start: new Date() });
const send = async (i: number, secret = SECRET) => {
  const ev = story.events[i]!;
  const res = await ingest(new Request("http://x/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret }), body: ev.body }));
  return (await res.json()) as { id: string };
};

describe("live stream", () => {
  it("answers 401 JSON without credentials and 400 to a hostile cursor, before any stream", async () => {
    const res = await stream(new Request("http://localhost/api/console/stream"));
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/json/);
    for (const bad of ["x\u0000y", "a".repeat(5000), "00000000-0000-7000-8000-00000000000G", "'; DROP TABLE \"Change\"; --"]) {
      const r = await stream(open({ query: `?after=${encodeURIComponent(bad)}` }).req);
      expect(r.status).toBe(400);
      expect((await r.json()).error.code).toBe("bad_request");
    }
    const h = await stream(open({ headers: { "last-event-id": "z".repeat(100) } }).req);
    expect(h.status).toBe(400);
    expect(openStreamCount()).toBe(0);
  });

  it("pushes an event accepted in another request, a rejection, and heartbeats; lets go of everything when the client leaves", async () => {
    const { req, ac } = open();
    const res = await stream(req);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const s = reader(res);
    await s.until(() => s.frames.some((f) => f.retry));
    expect(openStreamCount()).toBe(1);
    await send(0);
    await s.until(() => s.messages().some((m) => m.kind === "event"));
    const m = s.messages().find((x) => x.kind === "event")!;
    expect(m).toMatchObject({ entity: "operation", entity_id: story.ids.operation, operation_id: story.ids.operation, status: expect.any(String) });
    const op = await db.operation.findUniqueOrThrow({ where: { id: story.ids.operation } });
    expect(m.status).toBe(op.status);
    expect(s.frames.find((f) => f.event === "change")!.id).toBe(m.id);
    // the stream's starting point, so a reconnect before any change still catches up
    const hello = s.frames.find((f) => f.event === "hello")!;
    expect(hello.id! < m.id).toBe(true);

    const rejected = await send(1, "wrong secret");
    await s.until(() => s.messages().some((x) => x.kind === "inbound"));
    expect(s.messages().find((x) => x.kind === "inbound")).toMatchObject({ entity: "inbound", entity_id: rejected.id, status: "rejected" });

    ac.abort();
    await new Promise((r) => setTimeout(r, 50));
    expect(openStreamCount()).toBe(0);
  });

  it("sends a heartbeat comment and stops it when the reader cancels", async () => {
    const hub = createHub(db, { pollMs: 20 });
    const ctx = await testCtx();
    const res = liveStream(ctx, open().req, { heartbeatMs: 30, hub });
    const s = reader(res);
    await s.until(() => s.frames.filter((f) => f.comment === "ping").length >= 2);
    expect(hub.stats()).toEqual({ subscribers: 1, polling: true });
    await s.cancel();
    expect(openStreamCount()).toBe(0);
    expect(hub.stats().subscribers).toBe(0);
    // a poll already under way finishes, and nothing is scheduled after it
    await idle(hub);
  });

  it("delivers a delivery outcome written by a worker on a separate connection", async () => {
    const url = databaseUrl();
    const workerDb = await createDbClient(url);
    others.push(workerDb);
    await updateDestination(workerDb, { callbackUrl: "https://receiver.example/hooks", paused: false });
    const { req, ac } = open();
    const s = reader(await stream(req));
    await s.until(() => s.frames.some((f) => f.retry));
    await send(2);
    const pending = await db.delivery.findMany({ where: { status: "pending" }, select: { id: true } });
    expect(pending.length).toBeGreaterThan(0);
    const w = createWorker({ db: async () => workerDb, fetch: async () => new Response("ok", { status: 200 }), log: () => {}, syncToDisk: async () => {}, clock: () => Date.now() + 3_600_000 });
    expect(await w.tick()).toBeGreaterThan(0);
    await s.until(() => s.messages().filter((m) => m.kind === "delivery").length >= pending.length);
    const outcomes = s.messages().filter((m) => m.kind === "delivery");
    expect(new Set(outcomes.map((m) => m.entity_id))).toEqual(new Set(pending.map((p) => p.id)));
    expect(outcomes.every((m) => m.status === "delivered" && m.ref === "1")).toBe(true);
    ac.abort();
    await updateDestination(db, { callbackUrl: null, paused: false });
  });

  it("catches up from Last-Event-ID (and ?after=) on reconnect, without duplicates", async () => {
    const first = open();
    const s1 = reader(await stream(first.req));
    await s1.until(() => s1.frames.some((f) => f.retry));
    await send(3);
    await s1.until(() => s1.messages().some((m) => m.kind === "event"));
    const last = s1.messages().at(-1)!.id;
    first.ac.abort();
    // while disconnected
    await send(4);
    await send(5);
    const missed = await db.change.findMany({ where: { id: { gt: last } }, orderBy: { id: "asc" } });
    expect(missed.length).toBeGreaterThanOrEqual(2);
    for (const how of [{ headers: { "last-event-id": last } }, { query: `?after=${last}` }]) {
      const again = open(how);
      const s2 = reader(await stream(again.req));
      await s2.until(() => s2.messages().length >= missed.length);
      await send(0); // a duplicate, live after the catch-up
      await s2.until(() => s2.messages().some((m) => m.kind === "inbound" && m.status === "duplicate" && m.id > missed.at(-1)!.id));
      const ids = s2.messages().map((m) => m.id);
      expect(ids.slice(0, missed.length)).toEqual(missed.map((m) => m.id));
      expect(new Set(ids).size).toBe(ids.length);
      again.ac.abort();
      missed.push(...(await db.change.findMany({ where: { id: { gt: missed.at(-1)!.id } }, orderBy: { id: "asc" } })));
    }
  });

  it("every server process follows the feed: two hubs on separate clients both deliver", async () => {
    const aDb = await createDbClient(databaseUrl());
    others.push(aDb);
    const a = createHub(aDb, { pollMs: 30 });
    const bDb = await createDbClient(databaseUrl());
    others.push(bDb);
    const b = createHub(bDb, { pollMs: 30 });
    const got: { a: LiveMessage[]; b: LiveMessage[] } = { a: [], b: [] };
    const ua = a.subscribe((m) => got.a.push(m));
    const ub = b.subscribe((m) => got.b.push(m));
    await new Promise((r) => setTimeout(r, 60));
    const writer = await createDbClient(databaseUrl());
    others.push(writer);
    const id = (await import("@/lib/ids")).uuidv7();
    await writer.change.create({ data: { id, kind: "delivery", entity: "delivery", entityId: "d1", status: "failed", at: new Date() } });
    const end = Date.now() + 3_000;
    while ((!got.a.some((m) => m.id === id) || !got.b.some((m) => m.id === id)) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(got.a.filter((m) => m.id === id)).toHaveLength(1);
    expect(got.b.filter((m) => m.id === id)).toHaveLength(1);
    ua();
    ub();
    await idle(a);
    await idle(b);
    expect(dbProvider()).toMatch(/sqlite|postgres/);
  });

  it("a change committed late, below ids already read, is still delivered once", async () => {
    const hub = createHub(db, { pollMs: 20 });
    const got: string[] = [];
    const u = hub.subscribe((m) => got.push(m.id));
    const { uuidv7 } = await import("@/lib/ids");
    const early = uuidv7(Date.now() - 500);
    const later = uuidv7();
    await db.change.create({ data: { id: later, kind: "inbound", at: new Date() } });
    await hub.pollNow();
    await db.change.create({ data: { id: early, kind: "inbound", at: new Date() } });
    await hub.pollNow();
    await hub.pollNow();
    u();
    expect(got.filter((i) => i === later || i === early)).toEqual([later, early]);
  });

  it("prunes rows past retention in batches", async () => {
    const { uuidv7 } = await import("@/lib/ids");
    const now = Date.now();
    const old = Array.from({ length: 7 }, (_, i) => uuidv7(now - RETENTION_MS - 60_000 - i));
    await db.change.createMany({ data: old.map((id) => ({ id, kind: "inbound", at: new Date(now - RETENTION_MS - 60_000) })) });
    const fresh = uuidv7(now - 1000);
    await db.change.create({ data: { id: fresh, kind: "inbound", at: new Date() } });
    expect(await prune(db, now, 3)).toBeGreaterThanOrEqual(7);
    expect(await db.change.count({ where: { id: { lt: idFloor(now - RETENTION_MS) } } })).toBe(0);
    expect(await db.change.findUnique({ where: { id: fresh } })).not.toBeNull();
  });
});
