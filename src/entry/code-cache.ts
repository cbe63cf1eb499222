import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Script } from "node:vm";
import { isPrivate } from "./private-dir.js";

/** Where a bundle's cache lives: a private directory (checked by the caller), and a name for this bundle, Node and command. */
export interface CodeCache {
  /** The private directory, or undefined when none could be made (then nothing is read or written). */
  readonly dir: () => string | undefined;
  /** The cache directory when it exists and is private, for reading; undefined otherwise. */
  readonly existingDir: () => string | undefined;
  readonly key: string;
  /** The part of the key every version of licensectl shares: caches of other versions and builds in it are replaced. */
  readonly family: string;
  /** The hash of the bundle's content, written into it by the build (scripts/build.mjs). */
  readonly build: string;
}

// File layout: MAGIC, the bundle's stamp (ending in a newline), the V8 data, the V8 data again.
const MAGIC = Buffer.from("licensectl-v8-code-cache-4\n");
const MAX_BYTES = 64 * 2 ** 20;

/**
 * LEVER one code cache for every Node — `--help` CPU against the tree before it: 20 −11%, 22 −2%, 24 −15%, 26 −4%
 * (perf task-clock medians of 10 alternating pairs, load 8–13; docs/performance.md). The bundle is never
 * hashed at start (Node 20 hashed both, 490 KB, with SHA-256 on every start).
 *
 * Load a CommonJS bundle through a V8 code cache made by hand (the same on every Node): the first run of a
 * command compiles as usual and saves, at exit, everything V8 compiled; later runs of that command skip most
 * parsing and compiling. V8 checks cached data against the source's length only and does not check its own
 * checksum, so a cache file is used only when it is a private regular file (checked on the open descriptor,
 * never through a symlink), carries the bundle's stamp (the build's hash of it, and the size, mtime, ctime,
 * inode and device fstat gives for it: any rewrite of the bundle changes its ctime) and its V8 data twice,
 * used only when both copies are equal (a damaged cache is never run); any doubt (or V8 rejecting it)
 * discards it. A cache can only cost speed, never change behaviour.
 *
 * Why a second copy rather than a hash: what must be caught is accidental damage (a flipped block, a cut
 * file): someone who can write this private file can also rewrite a hash beside it. Comparing two copies is
 * a memcmp; a hash needs node:crypto (or node:zlib), which `--help` otherwise never loads: measured
 * 2026-12-06, the SHA-256 scheme made `--help` cost 9–16% more CPU on Node 22, 24 and 26 (docs/performance.md).
 */
export function requireWithCodeCache(file: string, cache: CodeCache | undefined): unknown {
  const { source, stamp } = readBundle(file, cache?.build ?? "");
  const dir = cache?.existingDir();
  const cacheFile = cache && dir !== undefined ? join(dir, `${cache.key}.bin`) : undefined;
  const cachedData = cacheFile ? readCache(cacheFile, stamp) : undefined;
  // The bundle has no import() left (the build turns them into require()), so no dynamic-import hook.
  const { Script } = process.getBuiltinModule("node:vm");
  const script = new Script(wrap(source), { filename: file, cachedData });
  const module = { exports: {} as unknown };
  const factory = script.runInThisContext() as (...args: unknown[]) => void;
  factory(module.exports, createRequire(file), module, file, dirname(file));
  if (cache && (!cachedData || script.cachedDataRejected)) {
    // At exit, the cache holds everything this run compiled, not just the top level.
    process.once("exit", () => save(cache, stamp, script));
  }
  return module.exports;
}

/** The bundle's text, and its stamp: what a cache made for exactly this file on disk must carry. */
function readBundle(file: string, build: string): { source: string; stamp: Buffer } {
  const fd = openSync(file, "r");
  try {
    const stats = fstatSync(fd, { bigint: true });
    const bytes = Buffer.allocUnsafe(Number(stats.size));
    let read = 0;
    for (let n = 1; read < bytes.length && n > 0; read += n)
      n = readSync(fd, bytes, read, bytes.length - read, read);
    const { size, mtimeNs, ctimeNs, ino, dev } = stats;
    return {
      source: bytes.toString("utf8", 0, read),
      stamp: Buffer.from(`${build} ${size} ${mtimeNs} ${ctimeNs} ${ino} ${dev}\n`),
    };
  } finally {
    closeSync(fd);
  }
}

function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

/** The V8 data of a cache file that passes every check, else undefined. */
function readCache(path: string, stamp: Buffer): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (!isPrivate(stats, stats.uid, "file") || stats.uid !== process.getuid?.()) return undefined;
    const header = MAGIC.length + stamp.length;
    const length = (stats.size - header) / 2;
    if (length <= 0 || !Number.isInteger(length) || stats.size > MAX_BYTES) return undefined;
    const bytes = Buffer.alloc(stats.size);
    if (readSync(fd, bytes, 0, bytes.length, 0) !== bytes.length) return undefined;
    if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    if (!bytes.subarray(MAGIC.length, MAGIC.length + stamp.length).equals(stamp)) return undefined;
    const data = bytes.subarray(header, header + length);
    return data.equals(bytes.subarray(header + length)) ? data : undefined;
  } catch {
    return undefined; // first run of this command with this build, or the cache was cleared
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Written to a new file of a random name (O_EXCL, O_NOFOLLOW, 0600) in the private directory, then renamed
 * over the cache; the caches of other builds and versions for the same command, bundle and Node removed,
 * and the directories Node's own compile cache held for earlier versions of licensectl.
 */
function save(cache: CodeCache, stamp: Buffer, script: Script): void {
  const dir = cache.dir();
  if (dir === undefined) return;
  const cacheFile = join(dir, `${cache.key}.bin`);
  const random = process.getBuiltinModule("node:crypto").randomBytes(12).toString("hex");
  const temporary = join(dir, `.${random}.tmp`);
  let fd: number | undefined;
  let created = false;
  try {
    const data = script.createCachedData();
    fd = openSync(
      temporary,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o600,
    );
    created = true;
    const bytes = Buffer.concat([MAGIC, stamp, data, data]);
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, cacheFile);
    for (const name of readdirSync(dir)) {
      const sameFamily = name.endsWith(`-${cache.family}.bin`) || name.includes(`-${cache.family}-`);
      if (sameFamily && name.endsWith(".bin") && join(dir, name) !== cacheFile)
        rmSync(join(dir, name), { force: true });
    }
    const parent = dirname(dir);
    for (const name of readdirSync(parent))
      if (name.startsWith("compile-")) rmSync(join(parent, name), { recursive: true, force: true });
  } catch {
    // full disk, a name already taken: run without a cache
    if (fd !== undefined) closeSync(fd);
    if (created) rmSync(temporary, { force: true });
  }
}
