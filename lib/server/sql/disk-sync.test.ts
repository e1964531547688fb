// Its own file: the failure state it sets is process-wide on purpose.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it, vi } from "vitest";
import { sqliteDiskSync, storageFailure } from "./disk-sync";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hookscope-disksync-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("sqliteDiskSync", () => {
  it("syncs the WAL, treats only a failed fsync as fatal, and stays failed after one", async () => {
    const file = path.join(dir, "d.db");
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    const disk = sqliteDiskSync(file);
    const synced: number[] = [];
    const realFsync = fs.fdatasync;
    const spy = vi.spyOn(fs, "fdatasync").mockImplementation(((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
      synced.push(fs.fstatSync(fd).ino);
      realFsync(fd, cb);
    }) as typeof fs.fdatasync);
    await disk.sync();
    expect(synced).toEqual([fs.statSync(`${file}-wal`).ino]);

    // not being able to open a file is an error for this call only
    const open = vi.spyOn(fs, "openSync").mockImplementationOnce(() => {
      throw Object.assign(new Error("EMFILE: too many open files"), { code: "EMFILE" });
    });
    disk.close();
    await expect(disk.sync()).rejects.toThrow("EMFILE");
    expect(storageFailure()).toBeUndefined();
    open.mockRestore();
    await disk.sync();

    // a failed fsync stops everything, even though the next fsync would succeed
    spy.mockImplementationOnce(((_fd: number, cb: (e: NodeJS.ErrnoException | null) => void) =>
      cb(Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" }))) as typeof fs.fdatasync);
    await expect(disk.sync()).rejects.toThrow(/^syncing the database to disk failed \(EIO: i\/o error, fdatasync\); intake and relay stopped/);
    expect(storageFailure()?.message).toMatch(/EIO/);
    const calls = spy.mock.calls.length;
    await expect(disk.sync()).rejects.toThrow(/EIO/);
    await expect(sqliteDiskSync(file).sync()).rejects.toThrow(/EIO/);
    expect(spy.mock.calls.length).toBe(calls);
    spy.mockRestore();
    disk.close();
    db.close();
  });
});
