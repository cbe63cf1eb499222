import { constants } from "node:fs";
import { open } from "node:fs/promises";

/** Why a file was not read: it is not a regular file, it is larger than allowed, or the system refused it. */
export type BoundedReadFailure =
  | { readonly reason: "not-regular" }
  | { readonly reason: "too-large"; readonly size: number }
  | { readonly reason: "unreadable"; readonly code: string; readonly message: string };

/**
 * Read a file only after judging it: a regular file (not a FIFO, a device or a directory, which could block
 * or never end) of at most `maxBytes`. The checks are made on the opened descriptor, so the file judged is
 * the file read.
 */
export async function readBoundedFile(path: string, maxBytes: number): Promise<Buffer | BoundedReadFailure> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer before it can be judged.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const { code = "EIO", message } = error as NodeJS.ErrnoException;
    return { reason: "unreadable", code, message };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { reason: "not-regular" };
    if (stats.size > maxBytes) return { reason: "too-large", size: stats.size };
    const bytes = await handle.readFile();
    if (bytes.byteLength > maxBytes) return { reason: "too-large", size: bytes.byteLength };
    return bytes;
  } catch (error) {
    const { code = "EIO", message } = error as NodeJS.ErrnoException;
    return { reason: "unreadable", code, message };
  } finally {
    await handle.close();
  }
}
