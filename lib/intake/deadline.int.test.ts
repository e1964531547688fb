// A database that does not answer (frozen, or a lock held by someone else) must not hold the
// provider's answer past HOOKSCOPE_INTAKE_TIMEOUT_MS: 503 at the deadline, the request logged as
// such once the database can take it, and the provider's retry stored exactly once.
import Database from "better-sqlite3";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { sqlitePath } from "@/lib/db-url";
import { zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";

const SECRET = "zh_deadline_secret";
const TIMEOUT_MS = 400;
const HOLD_MS = 1500;

let POST: (req: Request) => Promise<Response>;
let db: Awaited<ReturnType<typeof import("@/lib/db").getDb>>;

beforeAll(async () => {
  process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
  process.env.HOOKSCOPE_INTAKE_TIMEOUT_MS = String(TIMEOUT_MS);
  (await import("@/lib/env")).resetEnvCache();
  ({ POST } = await import("@/app/api/webhooks/zerohash/route"));
  db = await (await import("@/lib/db")).getDb();
});

/** Another client holds the lock the intake needs, for `ms`; resolves once it has let go. */
async function holdLock(ms: number): Promise<{ released: Promise<void> }> {
  const url = process.env.DATABASE_URL!;
  if (url.startsWith("postgres")) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query("BEGIN");
    await c.query(`LOCK TABLE "Event" IN ACCESS EXCLUSIVE MODE`);
    const released = new Promise<void>((r) => setTimeout(r, ms)).then(async () => {
      await c.query("COMMIT");
      await c.end();
    });
    return { released };
  }
  // SQLite has one write lock per database file: another connection's write transaction holds it
  const other = new Database(sqlitePath(url));
  other.prepare("BEGIN IMMEDIATE").run();
  const released = new Promise<void>((r) => setTimeout(r, ms)).then(() => {
    other.prepare("COMMIT").run();
    other.close();
  });
  return { released };
}

async function until<T>(f: () => Promise<T | null | undefined>, budgetMs = 10_000): Promise<T> {
  const end = Date.now() + budgetMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("intake deadline", () => {
  it("answers 503 at the deadline while the database is locked, logs it, and stores the retry once", async () => {
    const ev = zerohashStory({ start: new Date() }).events[0]!;
    const send = () => POST(new Request("http://localhost/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret: SECRET }), body: ev.body }));

    const lock = await holdLock(HOLD_MS);
    const started = performance.now();
    const res = await send();
    const took = performance.now() - started;
    expect(res.status).toBe(503);
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(took).toBeLessThan(HOLD_MS);
    await lock.released;

    // the 503 is in the log once the database takes writes again, saying what was answered
    const late = await until(() => db.inboundRequest.findFirst({ where: { externalId: ev.notificationId, outcome: "error" } }));
    expect(late.httpStatus).toBe(503);
    expect(late.reason).toMatch(new RegExp(`did not answer within ${TIMEOUT_MS} ms`));

    // The transaction that was waiting gave up at its next step (nothing committed); had it
    // committed, the retry would be a duplicate. Either way the event is stored exactly once.
    const retry = await send();
    expect(retry.status).toBe(200);
    const events = await db.event.findMany({ where: { externalId: ev.notificationId } });
    expect(events).toHaveLength(1);
    expect(await db.delivery.count({ where: { eventId: events[0]!.id } })).toBe(1);
  });
});
