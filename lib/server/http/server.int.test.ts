// Stopping the production server (what SIGTERM does) while keep-alive clients keep sending: a
// request in flight is finished and stored, every 2xx is in the database, keep-alive clients are
// told to let go instead of being cut, and nothing is answered once the server is closed.
import http from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";
import { startServer, type Fallback } from "./server";

const SECRET = "zh_shutdown_secret";
const notFound: Fallback = { handle: async (_req, res) => void res.writeHead(404).end(), close: async () => {} };

type Outcome = { id: string; status?: number; connection?: string; error?: string };

function signedEvent() {
  const ev = zerohashStory({ start: new Date() }).events[0]!;
  return { id: ev.notificationId, body: ev.body, headers: zerohashHeaders({ ...ev, secret: SECRET }) };
}

function send(port: number, agent: http.Agent, ev: ReturnType<typeof signedEvent>): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, path: "/api/webhooks/zerohash", method: "POST", headers: ev.headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ id: ev.id, status: res.statusCode, connection: String(res.headers.connection) }));
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ id: ev.id, error: e.code ?? e.message }));
    req.end(ev.body);
  });
}

afterEach(() => vi.restoreAllMocks());

describe("production server shutdown", () => {
  it("under keep-alive load finishes what is in flight, loses no acknowledged event and cuts no connection", async () => {
    process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
    const cut = vi.spyOn(http.Server.prototype, "closeAllConnections");
    const server = await startServer({ port: 0, fallback: notFound });
    const port = server.port;

    // one request stays in flight across the stop: headers and half its body now, the rest later
    const slow = signedEvent();
    const slowAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let finishSlow = () => {};
    const slowResult = new Promise<Outcome>((resolve) => {
      const req = http.request({ host: "127.0.0.1", port, path: "/api/webhooks/zerohash", method: "POST", headers: { ...slow.headers, "content-length": String(Buffer.byteLength(slow.body)) }, agent: slowAgent }, (res) => {
        res.resume();
        res.on("end", () => resolve({ id: slow.id, status: res.statusCode, connection: String(res.headers.connection) }));
      });
      req.on("error", (e: NodeJS.ErrnoException) => resolve({ id: slow.id, error: e.code ?? e.message }));
      req.write(slow.body.slice(0, 20));
      finishSlow = () => req.end(slow.body.slice(20));
    });

    // eight keep-alive clients sending one event after another until the server is gone
    let accepted = 0;
    const clients = Array.from({ length: 8 }, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const outcomes: Outcome[] = [];
      for (;;) {
        const o = await send(port, agent, signedEvent());
        outcomes.push(o);
        if (o.status === 200) accepted++;
        if (o.error) break;
      }
      agent.destroy();
      return outcomes;
    });

    await vi.waitFor(() => expect(accepted).toBeGreaterThanOrEqual(40), { timeout: 15_000, interval: 10 });
    // (by now the slow request's headers, sent first, have long reached the server)
    const closing = server.close();
    setTimeout(finishSlow, 100);
    await closing;

    const outcomes = [...(await Promise.all(clients)).flat(), await slowResult];
    slowAgent.destroy();

    // the request in flight when the stop began was finished, told to close, and stored
    expect(outcomes.at(-1)).toMatchObject({ status: 200, connection: "close" });
    // no connection had to be cut: keep-alive clients were told to close and did
    expect(cut).not.toHaveBeenCalled();
    // answers are only accepted events or connection errors (never a 5xx from a half-stopped server)
    expect(outcomes.filter((o) => !o.error && o.status !== 200)).toEqual([]);
    // the server is gone
    expect((await send(port, new http.Agent(), signedEvent())).error).toBe("ECONNREFUSED");

    // every acknowledged event is in the database
    const acked = outcomes.filter((o) => o.status === 200).map((o) => o.id);
    const db = await getDb();
    const stored = await db.event.findMany({ where: { externalId: { in: acked } }, select: { externalId: true } });
    expect(stored.map((e) => e.externalId).sort()).toEqual([...acked].sort());
  });

  it("cuts a sender stalled mid-body after the grace period instead of hanging, and logs its request", async () => {
    process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
    const server = await startServer({ port: 0, fallback: notFound, cutAfterMs: 300 });
    const ev = signedEvent();
    const agent = new http.Agent({ keepAlive: true });
    const result = new Promise<Outcome>((resolve) => {
      const req = http.request({ host: "127.0.0.1", port: server.port, path: "/api/webhooks/zerohash", method: "POST", headers: { ...ev.headers, "content-length": String(Buffer.byteLength(ev.body)) }, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve({ id: ev.id, status: res.statusCode }));
      });
      req.on("error", (e: NodeJS.ErrnoException) => resolve({ id: ev.id, error: e.code ?? e.message }));
      req.write(ev.body.slice(0, 10)); // and nothing more
    });
    const db = await getDb();
    // the request is under way (its body is being read) before the stop begins
    await new Promise((r) => setTimeout(r, 200));
    await server.close();
    expect((await result).error).toMatch(/ECONNRESET|socket hang up/);
    agent.destroy();
    expect(await db.inboundRequest.findFirst({ where: { externalId: ev.id } })).toMatchObject({
      outcome: "rejected",
      httpStatus: 400,
      reason: expect.stringContaining("aborted by the sender after 10 body bytes"),
    });
    expect(await db.event.count({ where: { externalId: ev.id } })).toBe(0);
  });
});
