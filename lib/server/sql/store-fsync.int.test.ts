// A failed fsync stops the SQLite intake for good (until a restart): nothing more is acknowledged.
// Its own file: the failure state is process-wide on purpose.
import fs from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { checkHealth } from "@/lib/server/health";
import { insertRow } from "./insert";
import { getSqlStore, storageFailure } from "./store";

const row = (id: string) =>
  insertRow("InboundRequest", { id, provider: "test", receivedAt: new Date(), outcome: "rejected", httpStatus: 400, headers: "{}", rawBody: "" });

describe.skipIf(process.env.HOOKSCOPE_TEST_DB === "postgres")("SQLite store after a failed fsync", () => {
  it("fails the waiting transaction, refuses every later one and reports it in health", async () => {
    const store = getSqlStore();
    await store.transaction(() => row("before-failure"));
    expect(storageFailure()).toBeNull();

    const fsync = vi.spyOn(fs, "fsync").mockImplementationOnce(((_fd: number, cb: (e: NodeJS.ErrnoException | null) => void) =>
      cb(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" }))) as typeof fs.fsync);
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
  });
});
