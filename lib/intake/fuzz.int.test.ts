// Hostile requests against both intake route handlers, generated from a fixed seed (fast-check):
// bad JSON, wrong shapes, garbage and duplicated signature headers, timestamps in seconds or
// negative, wrong content types, NUL bytes and invalid UTF-8, deep nesting, oversized ids, and
// correctly signed bodies that break the schema. Whatever arrives: no 5xx, and every request leaves
// exactly one inbound row, with a reason unless it was accepted.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { signPipai } from "@/lib/providers/pipai/verify";
import { pipaiHeaders, zerohashHeaders } from "@/lib/testing/sign";
import { pipaiStory } from "@/lib/testing/pipai-story";
import { zerohashStory } from "@/lib/testing/zerohash-story";

const ZH = "zh_fuzz_secret";
const PIPAI = "pipai_fuzz_secret";
const SEED = 20261129;
const RUNS = 160;

type Handler = (req: Request) => Promise<Response>;
let handlers: Record<"zerohash" | "pipai", Handler>;
let db: Awaited<ReturnType<typeof import("@/lib/db").getDb>>;

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = ZH;
  process.env.PIPAI_WEBHOOK_SECRETS = PIPAI;
  (await import("@/lib/env")).resetEnvCache();
  handlers = {
    zerohash: (await import("@/app/api/webhooks/zerohash/route")).POST,
    pipai: (await import("@/app/api/webhooks/pipai/route")).POST,
  };
  db = await (await import("@/lib/db")).getDb();
});

type Hostile = { provider: "zerohash" | "pipai"; headers: [string, string][]; body: string | Uint8Array };

/** Header values a client can send (printable ASCII; Headers refuses CR, LF and NUL). */
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });
const hex64 = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 });

/** A JSON value with the awkward strings: NUL, lone surrogates, very long. */
const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom("a\u0000b", "\ud800", "x\udfffy", "\u0000", "n".repeat(3000), "", " ", -1, 1e308, 2 ** 53, null, true, [], {}),
);

/** Bodies that are not JSON, or not text. */
const badBytes = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 50 }).map((b) => Uint8Array.from([...Buffer.from('{"id":"'), ...b, 0x00, 0xff, ...Buffer.from('"}')])),
  fc.integer({ min: 1, max: 200_000 }).map((n) => "[".repeat(n) + "]".repeat(n)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => '{"a":'.repeat(n) + "1" + "}".repeat(n)),
  fc.constant('{"id": "evt_1", "type": "strategy.created", "created_at": "2026-11-20T09:20:00.000Z", "data": {"strategy_id": "s\\u0000"}}'),
);

/** A story event with one field replaced by something hostile, correctly signed. */
function mutated(body: string, path: string[], value: unknown): string {
  const json = JSON.parse(body) as Record<string, unknown>;
  let at: Record<string, unknown> = json;
  for (const k of path.slice(0, -1)) at = (at[k] ?? (at[k] = {})) as Record<string, unknown>;
  at[path.at(-1)!] = value;
  return JSON.stringify(json);
}

const zhFields = ["id", "strategy_id", "request_id", "type", "status", "status_reason", "allocations", "created_at", "updated_at"];
const pipaiFields = [["id"], ["type"], ["created_at"], ["data"], ["data", "strategy_id"], ["data", "name"], ["data", "leverage"], ["data", "capital"], ["data", "position_id"], ["data", "message"]];

const timestamps = fc.oneof(
  fc.constant(() => String(Math.floor(Date.now() / 1000))),
  fc.constant(() => String(-Date.now())),
  fc.constant(() => "9".repeat(40)),
  fc.constant(() => `${Date.now()}.5`),
  fc.constant(() => String(Date.now() - 3_600_000)),
  headerValue.map((v) => () => v),
);

const zerohashRequest: fc.Arbitrary<Hostile> = fc
  .record({
    kind: fc.constantFrom("signed-mutation", "bad-body-signed", "bad-body-unsigned", "garbage-headers", "bad-timestamp", "oversized-id", "duplicated-signature"),
    eventIndex: fc.nat({ max: 7 }),
    field: fc.constantFrom(...zhFields),
    value: nasty,
    bad: badBytes,
    junk: headerValue,
    sig: hex64,
    ts: timestamps,
    contentType: fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""),
    payloadType: fc.oneof(fc.constantFrom("trade_strategy.operation.status_changed", "trade_strategy.execution.status_changed", "trade_strategy.trader.created", "participant_updated"), headerValue),
  })
  .map((r) => {
    const ev = zerohashStory({ start: new Date() }).events[r.eventIndex]!;
    const base = { ...ev, notificationId: randomUUID(), payloadType: r.payloadType || ev.payloadType };
    const sign = (body: string, ts?: number) => Object.entries(zerohashHeaders({ ...base, body, secret: ZH, timestampMs: ts }));
    const withCt = (h: [string, string][]) => h.map(([k, v]): [string, string] => (k === "content-type" ? [k, r.contentType] : [k, v]));
    switch (r.kind) {
      case "signed-mutation": {
        const body = mutated(ev.body, [r.field], r.value);
        return { provider: "zerohash", headers: withCt(sign(body)), body };
      }
      case "bad-body-signed": {
        const body = typeof r.bad === "string" ? r.bad : Buffer.from(r.bad).toString("latin1");
        return { provider: "zerohash", headers: withCt(sign(body)), body };
      }
      case "bad-body-unsigned":
        return { provider: "zerohash", headers: withCt(sign(ev.body)).map(([k, v]): [string, string] => (k === "x-zh-hook-signature" ? [k, r.sig] : [k, v])), body: r.bad };
      case "garbage-headers":
        return { provider: "zerohash", headers: sign(ev.body).map(([k, v]): [string, string] => (k.startsWith("x-zh-hook-") ? [k, r.junk] : [k, v])), body: ev.body };
      case "bad-timestamp":
        return { provider: "zerohash", headers: sign(ev.body).map(([k, v]): [string, string] => (k === "x-zh-hook-timestamp" ? [k, r.ts()] : [k, v])), body: ev.body };
      case "oversized-id":
        return { provider: "zerohash", headers: sign(ev.body).map(([k, v]): [string, string] => (k === "x-zh-hook-notification-id" ? [k, "n".repeat(2800)] : [k, v])), body: ev.body };
      case "duplicated-signature": {
        const h = sign(ev.body);
        return { provider: "zerohash", headers: [...h, ["x-zh-hook-signature", r.sig], ["x-zh-hook-timestamp", r.ts()]], body: ev.body };
      }
    }
  });

const pipaiRequest: fc.Arbitrary<Hostile> = fc
  .record({
    kind: fc.constantFrom("signed-mutation", "bad-body-signed", "garbage-headers", "bad-timestamp", "oversized-id", "duplicated-signature"),
    eventIndex: fc.nat({ max: 8 }),
    field: fc.constantFrom(...pipaiFields),
    value: nasty,
    bad: badBytes,
    junk: headerValue,
    sig: hex64,
    ts: timestamps,
  })
  .map((r) => {
    const ev = pipaiStory({ start: new Date() }).events[r.eventIndex]!;
    // headers as PipAI sends them for this event, signed over whatever `body` is (JSON or not)
    const sign = (body: string, over: Partial<Parameters<typeof pipaiHeaders>[0]> = {}) => {
      const h = pipaiHeaders({ body: ev.body, secret: PIPAI, eventId: ev.id, eventType: ev.type, ...over });
      return Object.entries({ ...h, "x-pipai-signature": signPipai(PIPAI, h["x-pipai-timestamp"], body) });
    };
    switch (r.kind) {
      case "signed-mutation": {
        const body = mutated(ev.body, r.field, r.value);
        return { provider: "pipai", headers: sign(body), body };
      }
      case "bad-body-signed": {
        const body = typeof r.bad === "string" ? r.bad : Buffer.from(r.bad).toString("latin1");
        return { provider: "pipai", headers: sign(body), body };
      }
      case "garbage-headers":
        return { provider: "pipai", headers: sign(ev.body).map(([k, v]): [string, string] => (k.startsWith("x-pipai-") ? [k, r.junk] : [k, v])), body: ev.body };
      case "bad-timestamp":
        return { provider: "pipai", headers: sign(ev.body).map(([k, v]): [string, string] => (k === "x-pipai-timestamp" ? [k, r.ts()] : [k, v])), body: ev.body };
      case "oversized-id":
        return { provider: "pipai", headers: sign(ev.body, { deliveryId: "d".repeat(2800) }), body: ev.body };
      case "duplicated-signature":
        return { provider: "pipai", headers: [...sign(ev.body), ["x-pipai-signature", r.sig]], body: ev.body };
    }
  });

async function send(h: Hostile) {
  const headers = new Headers();
  for (const [k, v] of h.headers) headers.append(k, v);
  const res = await handlers[h.provider](new Request(`http://localhost/api/webhooks/${h.provider}`, { method: "POST", headers, body: typeof h.body === "string" ? h.body : new Uint8Array(h.body) }));
  return { status: res.status, body: (await res.json()) as { id?: string; error?: string } };
}

describe("intake fuzz (seeded)", () => {
  it(`${RUNS} hostile requests per provider: no 5xx, each logged once with a reason`, async () => {
    let sent = 0;
    const statuses = new Map<number, number>();
    for (const arb of [zerohashRequest, pipaiRequest]) {
      await fc.assert(
        fc.asyncProperty(arb, async (h) => {
          const { status, body } = await send(h);
          sent++;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          expect(status, `${h.provider}: ${body.error ?? ""}`).toBeLessThan(500);
          expect(body.id).toBeTruthy();
          const row = await db.inboundRequest.findUniqueOrThrow({ where: { id: body.id! } });
          expect(row.httpStatus).toBe(status);
          if (row.outcome !== "accepted") expect(row.reason).toBeTruthy();
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }
    // every request, and nothing else, is in the log
    expect(await db.inboundRequest.count()).toBe(sent);
    // the generator reaches the intake's main branches, not just one kind of refusal
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 401]));
  }, 60_000);
});
