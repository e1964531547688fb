// Making a SQLite database's committed writes durable, from any connection in any process.
//
// In WAL mode with synchronous = NORMAL, COMMIT writes its frames to the WAL file without waiting
// for the disk. A sync flushes a file's dirty pages whoever wrote them, so one sync of the WAL file
// makes every commit visible so far durable. It is fdatasync, as PostgreSQL's default
// wal_sync_method on Linux: the data and the size, not the modification time, so overwriting WAL
// space already allocated needs no file-system journal commit (decision 0011). Checkpoints sync the
// WAL before copying it and the database file after, and SQLite only deletes the WAL after a full
// checkpoint: without a WAL file the database file holds everything, and it is what to sync.
import fs from "node:fs";

/**
 * Set, process-wide, when an fsync failed. Linux reports a failed writeback once; later fsyncs may
 * succeed while those pages never reach the disk. So after one failure nothing is acknowledged or
 * relayed any more (PostgreSQL's data_sync_retry = off): every intake answers 503, the relay
 * worker sends nothing, and health reports it until Hookscope is restarted, which replays the WAL
 * from what is really on disk.
 */
const FATAL = Symbol.for("hookscope.sql.fatal");
const fatalState = globalThis as { [FATAL]?: Error };

/** Why this process stopped trusting its database's durability, if it did. */
export const storageFailure = (): Error | undefined => fatalState[FATAL];

/** Records the first such failure (and says so on stderr); returns the one in force. */
export function markStorageFailed(failure: Error): Error {
  if (!fatalState[FATAL]) {
    fatalState[FATAL] = failure;
    console.error(`[sql] FATAL: ${failure.message}`);
  }
  return fatalState[FATAL];
}

/** fdatasync on libuv's thread pool. */
const syncFd = (fd: number) => new Promise<void>((resolve, reject) => fs.fdatasync(fd, (e) => (e ? reject(e) : resolve())));

export type DiskSync = {
  /**
   * Resolves once every commit visible before the call is on disk. Rejects if that is not known,
   * and from the first failure on, always (storageFailure()).
   */
  sync(): Promise<void>;
  close(): void;
};

export function sqliteDiskSync(file: string): DiskSync {
  const walPath = `${file}-wal`;
  // the WAL's descriptor stays open between calls (SQLite keeps that file while it is in use)
  let wal: { fd: number; ino: number } | null = null;
  const closeWal = () => {
    if (wal) fs.closeSync(wal.fd);
    wal = null;
  };
  // Only a failed fsync is a durability failure; failing to open or stat a file (EMFILE, say) is
  // an ordinary error for this one call.
  const syncOrFail = (fd: number) =>
    syncFd(fd).catch((e: unknown) => {
      throw markStorageFailed(
        new Error(
          `syncing the database to disk failed (${(e as Error)?.message ?? e}); intake and relay stopped so that nothing is acknowledged or relayed that may not be on disk: check the disk, then restart Hookscope`,
        ),
      );
    });
  const syncFiles = async () => {
    const ino = fs.statSync(walPath, { throwIfNoEntry: false })?.ino;
    if (ino === undefined) {
      closeWal();
      const fd = fs.openSync(file, "r");
      try {
        await syncOrFail(fd);
      } finally {
        fs.closeSync(fd);
      }
      return;
    }
    if (wal && wal.ino !== ino) closeWal();
    wal ??= { fd: fs.openSync(walPath, "r"), ino };
    await syncOrFail(wal.fd);
  };
  return {
    async sync() {
      const fatal = storageFailure();
      if (fatal) throw fatal;
      await syncFiles();
    },
    close: closeWal,
  };
}
