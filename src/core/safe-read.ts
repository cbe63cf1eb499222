import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  type Stats,
  statSync,
} from "node:fs";

/** A file licensectl would not read, and why, in words that finish "…: <reason>". */
export class RefusedFile extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    /** What was wrong: not a regular file, too large, refused by the judge, or swapped while being read. */
    readonly refusal: "kind" | "size" | "judged" | "replaced" = "judged",
    /** With a "size" refusal: the bytes seen (the file's size, or as many as were read before the cap). */
    readonly size?: number,
  ) {
    super(`${path}: ${reason}`);
    this.name = "RefusedFile";
  }
}

export interface ReadRules {
  /** Larger than this, the file is refused without being read. */
  readonly maxBytes: number;
  /** Judges the file (owner, mode) before a byte is read; a returned reason refuses it. */
  readonly judge?: (stats: Stats) => string | undefined;
}

// O_NONBLOCK: opening a FIFO waits for a writer (forever, beyond SIGTERM); with it, open returns at once and
// fstat says what was opened. O_NOCTTY: a terminal device never becomes the controlling terminal.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Read a regular file, judged before it is read: stat first (through symlinks: what is read is what the
 * link points at), refuse anything but a regular file, one too large, or one `judge` refuses; then open,
 * check that the opened file is the one judged (fstat), and read at most `maxBytes`. Errors of the file
 * system (ENOENT, EACCES) are thrown as they are.
 */
export function readRegularFile(path: string, rules: ReadRules): Buffer {
  const refuse = (stats: Stats) => {
    const kind = kindRefusal(stats);
    if (kind) throw new RefusedFile(path, kind, "kind");
    const size = sizeRefusal(stats.size, rules.maxBytes);
    if (size) throw new RefusedFile(path, size, "size", stats.size);
    const judged = rules.judge?.(stats);
    if (judged) throw new RefusedFile(path, judged, "judged");
  };
  const before = statSync(path);
  refuse(before);
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const opened = fstatSync(fd);
    if (opened.ino !== before.ino || opened.dev !== before.dev) {
      throw new RefusedFile(path, "it was replaced while being read", "replaced");
    }
    refuse(opened);
    return readCapped(fd, rules.maxBytes, path);
  } finally {
    closeSync(fd);
  }
}

/** At most `maxBytes`: a file that grows after it was judged is refused, not read to the end. */
function readCapped(fd: number, maxBytes: number, path: string): Buffer {
  const buffer = Buffer.alloc(Math.min(maxBytes + 1, 64 * 1024));
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const read = readSync(fd, buffer, 0, buffer.length, null);
    if (read === 0) return Buffer.concat(chunks, total);
    total += read;
    if (total > maxBytes)
      throw new RefusedFile(path, sizeRefusal(total, maxBytes) ?? "it is too large", "size", total);
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
}

function kindRefusal(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isFIFO()) return "it is a named pipe (FIFO), not a regular file";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "it is a device, not a regular file";
  if (stats.isDirectory()) return "it is a directory";
  if (stats.isSocket()) return "it is a socket, not a regular file";
  return "it is not a regular file";
}

function sizeRefusal(size: number, maxBytes: number): string | undefined {
  return size > maxBytes ? `it is larger than ${maxBytes} bytes, the most licensectl reads` : undefined;
}

/**
 * Like ssh with its config: a file that decides where credentials go must belong to the user running
 * licensectl (or root), and nobody else may write to it. Returns the reason and the fix, or undefined.
 * `uid` undefined (Windows): ownership and POSIX modes do not apply.
 */
export function ownerAndModeRefusal(stats: Stats, uid: number | undefined): string | undefined {
  if (uid === undefined) return undefined;
  if (stats.uid !== uid && stats.uid !== 0) {
    return `it is owned by uid ${stats.uid}, neither you (uid ${uid}) nor root`;
  }
  if ((stats.mode & 0o022) !== 0) {
    return `group or others may write to it (mode ${(stats.mode & 0o777).toString(8).padStart(4, "0")})`;
  }
  return undefined;
}

/** What judging a small file before reading it found: its text, or why it was not read. */
export type SmallFileRead =
  | { readonly state: "read"; readonly text: string; readonly symlink: boolean }
  | { readonly state: "missing" | "not-a-file" | "too-large" | "unreadable"; readonly symlink: boolean };

/**
 * readRegularFile for a file whose absence or refusal is an answer, not an error (a machine-id file): the
 * outcome as a value, and whether the path itself is a link (links are followed: Debian's
 * /var/lib/dbus/machine-id links to /etc/machine-id).
 */
export function readSmallRegularFile(path: string, maxBytes: number): SmallFileRead {
  let symlink = false;
  try {
    symlink = lstatSync(path).isSymbolicLink();
    return { state: "read", text: readRegularFile(path, { maxBytes }).toString("utf8"), symlink };
  } catch (error) {
    if (error instanceof RefusedFile) {
      return { state: error.refusal === "size" ? "too-large" : "not-a-file", symlink };
    }
    return { state: (error as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "unreadable", symlink };
  }
}
