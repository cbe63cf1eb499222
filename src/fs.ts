import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

/** A fresh name beside the target, so the final rename stays on one file system. */
function temporaryPath(path: string): string {
  return join(dirname(path), `.${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Write a file that may hold secrets: created with mode 0600 from the start (never a moment readable by
 * others), flushed, then renamed over the target so a reader sees the old file or the new one, never half.
 */
export function writePrivateFile(path: string, content: string): void {
  const temporary = temporaryPath(path);
  const fd = openSync(temporary, "wx", 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
}

/** writePrivateFile without blocking the event loop: the emulator keeps answering while it saves. */
export async function writePrivateFileAsync(path: string, content: string): Promise<void> {
  const temporary = temporaryPath(path);
  const file = await open(temporary, "wx", 0o600);
  let written = false;
  try {
    await file.writeFile(content);
    await file.sync();
    written = true;
  } finally {
    await file.close();
    if (!written) await rm(temporary, { force: true });
  }
  await rename(temporary, path);
}
