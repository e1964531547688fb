// Making a SQLite database's committed writes durable, from any connection in any process.
//
// In WAL mode with synchronous = NORMAL, COMMIT writes its frames to the WAL file without waiting
// for the disk. fsync flushes a file's dirty pages whoever wrote them, so one fsync of the WAL file
// makes every commit visible so far durable. Checkpoints sync the WAL before copying it and the
// database file after, and SQLite only deletes the WAL after a full checkpoint: without a WAL file
// the database file holds everything, and it is what to sync.
import fs from "node:fs";

/** fsync on libuv's thread pool. */
export const fsyncFd = (fd: number) => new Promise<void>((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));

export type DiskSync = {
  /** Resolves once every commit visible before the call is on disk; rejects if that is not known. */
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
  return {
    async sync() {
      const ino = fs.statSync(walPath, { throwIfNoEntry: false })?.ino;
      if (ino === undefined) {
        closeWal();
        const fd = fs.openSync(file, "r");
        try {
          await fsyncFd(fd);
        } finally {
          fs.closeSync(fd);
        }
        return;
      }
      if (wal && wal.ino !== ino) closeWal();
      wal ??= { fd: fs.openSync(walPath, "r"), ino };
      await fsyncFd(wal.fd);
    },
    close: closeWal,
  };
}
