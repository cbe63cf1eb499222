import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * Write a file that may hold secrets: created with mode 0600 from the start (never a moment readable by
 * others), flushed, then renamed over the target so a reader sees the old file or the new one, never half.
 */
export function writePrivateFile(path: string, content: string): void {
  replaceThrough(path, (temporary) => writeNew(temporary, content));
}

/**
 * Like writePrivateFile, but only where no file is: the complete file is linked into place, which fails
 * with EEXIST when `path` exists. Of two writers at once, exactly one wins; a reader never sees half a file.
 */
export function createPrivateFile(path: string, content: string): void {
  const temporary = temporaryBeside(path);
  try {
    writeNew(temporary, content);
    linkSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function writeNew(path: string, content: string): void {
  const fd = openSync(path, "wx", 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const temporaryBeside = (path: string) => join(dirname(path), `.${randomBytes(6).toString("hex")}.tmp`);

/**
 * writePrivateFile without blocking the event loop: the emulator keeps answering while it saves. A writer
 * that is the only one for `path` (the emulator holds a lock) may name a fixed `temporary`: a leftover of a
 * killed run is then removed (the link itself, never what it points to) and reused, so none accumulate.
 */
export async function writePrivateFileAsync(
  path: string,
  content: string,
  temporary?: string,
): Promise<void> {
  if (temporary !== undefined) rmSync(temporary, { force: true });
  return replaceThrough(
    path,
    async (temporary) => {
      const file = await open(temporary, "wx", 0o600);
      try {
        await file.writeFile(content);
        await file.sync();
      } finally {
        await file.close();
      }
    },
    temporary,
  );
}

/**
 * The one place both writers share: `fill` creates and writes a fresh temporary file beside `path` (so the
 * rename stays on one file system), which is then renamed over `path`; if either fails, it is removed.
 * Synchronous when `fill` is, else a promise.
 */
function replaceThrough(path: string, fill: (temporary: string) => void): void;
function replaceThrough(
  path: string,
  fill: (temporary: string) => Promise<void>,
  temporary?: string,
): Promise<void>;
function replaceThrough(
  path: string,
  fill: (temporary: string) => void | Promise<void>,
  temporary = temporaryBeside(path),
) {
  const discard = (error: unknown): never => {
    rmSync(temporary, { force: true });
    throw error;
  };
  let filling: void | Promise<void>;
  try {
    filling = fill(temporary);
  } catch (error) {
    return discard(error);
  }
  return filling instanceof Promise
    ? filling.then(() => rename(temporary, path)).catch(discard)
    : renameSync(temporary, path);
}
