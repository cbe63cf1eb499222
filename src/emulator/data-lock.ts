import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { configError } from "../core/cli-error.js";

/**
 * One emulator per data file: each saves its own state over the other's, so acknowledged writes of one
 * vanish. `<data>.lock`, created exclusively, holds the owner's process ID; a lock whose process is gone
 * (kill -9) is taken over. Returns the release, which removes the lock only while it is still ours.
 */
export function lockDataFile(dataFile: string, pid: number): () => void {
  const lockPath = `${dataFile}.lock`;
  const token = `${pid}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, "wx", 0o600);
      try {
        writeSync(fd, token);
      } finally {
        closeSync(fd);
      }
      return () => {
        if (readLock(lockPath) === token) rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
    }
    const owner = Number.parseInt(readLock(lockPath) ?? "", 10);
    if (Number.isSafeInteger(owner) && owner > 0 && isRunning(owner)) {
      throw configError(
        `Data file ${dataFile} is in use by another emulator (process ${owner}); two emulators on one file would lose each other's writes.`,
        `Stop that emulator, or give --data another file. If no emulator uses it, remove ${lockPath}.`,
        "data_file_locked",
      );
    }
    rmSync(lockPath, { force: true }); // left by a process that is gone: take it over
  }
}

function readLock(lockPath: string): string | undefined {
  try {
    return readFileSync(lockPath, "utf8");
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
