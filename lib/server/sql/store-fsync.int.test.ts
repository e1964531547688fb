// A failed fsync stops the SQLite intake and relay for good (until a restart): nothing more is
// acknowledged or sent.
// Its own file: the failure state is process-wide on purpose.
import fs from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { checkHealth } from "@/lib/server/health";
import { databaseUrl, sqlitePath } from "@/lib/db-url";
import { updateDestination } from "@/lib/server/relay/destination";
import { createWorker } from "@/lib/server/relay/worker";
import { sqliteDiskSync, storageFailure } from "./disk-sync";
import { insertRow } from "./insert";
import { getSqlStore } from "./store";

const row = (id: string) =>
  insertRow("InboundRequest", { id, provider: "test", receivedAt: new Date(), outcome: "rejected", httpStatus: 400, headers: "{}", rawBody: "" });

describe.skipIf(process.env.HOOKSCOPE_TEST_DB === "postgres")("SQLite store after a failed fsync", () => {
  it("fails the waiting transaction, refuses every later one and reports it in health", async () => {
    const store = getSqlStore();
    await store.transaction(() => row("before-failure"));
    expect(storageFailure()).toBeUndefined();

    const fsync = vi.spyOn(fs, "fdatasync").mockImplementationOnce(((_fd: number, cb: (e: NodeJS.ErrnoException | null) => void) =>
      cb(Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" }))) as typeof fs.fdatasync);
    await expect(store.transaction(() => row("during-failure"))).rejects.toThrow(/syncing the database to disk failed \(EIO/);
    fsync.mockRestore();

    // later fsyncs would succeed, but pages from before may never reach the disk: refuse anyway
    await expect(store.transaction(() => row("after-failure"))).rejects.toThrow(/restart Hookscope/);
    await expect(store.execute(() => row("after-failure-2"))).rejects.toThrow(/restart Hookscope/);
    const db = await getDb();
    expect(await db.inboundRequest.count({ where: { id: { in: ["after-failure", "after-failure-2"] } } })).toBe(0);

    const health = await checkHealth();
    expect(health.status).toBe("degraded");
    expect(health.database).toMatchObject({ error: "disk_sync_failed" });

    // any other sync of this database is refused too, although fsync itself would succeed now
    const other = sqliteDiskSync(sqlitePath(databaseUrl()));
    await expect(other.sync()).rejects.toThrow(/syncing the database to disk failed \(EIO/);
    other.close();

    // and the relay sends nothing: a due delivery stays pending, unclaimed, and it says so once
    await updateDestination(db, { callbackUrl: "http://127.0.0.1:9/hook", paused: false });
    const id = "due-after-failure";
    await db.delivery.create({ data: { id, eventId: id, webhookId: id, eventType: "t.test", source: "zerohash", status: "pending", nextAttemptAt: new Date(0), payload: "{}" } });
    const fetch = vi.fn();
    const log = vi.fn();
    const worker = createWorker({ fetch, log });
    expect(await worker.tick()).toBe(0);
    expect(await worker.tick()).toBe(0);
    expect(fetch).not.toHaveBeenCalled();
    expect(log.mock.calls).toEqual([[expect.stringMatching(/^\[relay\] worker stopped sending: syncing the database to disk failed \(EIO/)]]);
    expect(await db.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", attempts: 0, claimToken: null });
  });
});
