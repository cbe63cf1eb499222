import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
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
}

// File layout: MAGIC, SHA-256 of the bundle source, SHA-256 of the V8 data, the V8 data.
const MAGIC = Buffer.from("licensectl-v8-code-cache-2\n");
const HEADER = MAGIC.length + 64;
const MAX_BYTES = 64 * 2 ** 20;

/**
 * Load a CommonJS bundle through a V8 code cache made by hand (Node 20 has no module.enableCompileCache):
 * the first run of a command compiles as usual and saves, at exit, everything V8 compiled; later runs of
 * that command skip most parsing and compiling. V8 checks cached data against the source's length only and
 * does not check its own checksum, so a cache file is used only when it is a private regular file (checked
 * on the open descriptor, never through a symlink), holds this exact source's SHA-256 and the SHA-256 of its
 * data; any doubt (or V8 rejecting it) discards it. A cache can only cost speed, never change behaviour.
 */
export function requireWithCodeCache(file: string, cache: CodeCache | undefined): unknown {
  const raw = readFileSync(file);
  const sourceHash = sha256(raw);
  const source = raw.toString("utf8");
  const dir = cache?.existingDir();
  const cacheFile = cache && dir !== undefined ? join(dir, `${cache.key}.bin`) : undefined;
  const cachedData = cacheFile ? readCache(cacheFile, sourceHash) : undefined;
  // The bundle has no import() left (the build turns them into require()), so no dynamic-import hook.
  const { Script } = process.getBuiltinModule("node:vm");
  const script = new Script(wrap(source), { filename: file, cachedData });
  const module = { exports: {} as unknown };
  const factory = script.runInThisContext() as (...args: unknown[]) => void;
  factory(module.exports, createRequire(file), module, file, dirname(file));
  if (cache && (!cachedData || script.cachedDataRejected)) {
    // At exit, the cache holds everything this run compiled, not just the top level.
    process.once("exit", () => save(cache, sourceHash, script));
  }
  return module.exports;
}

// node:crypto and node:vm are loaded on this path only: dist/start.cjs and Node >= 22 do without them.
function sha256(data: Buffer): Buffer {
  return process.getBuiltinModule("node:crypto").createHash("sha256").update(data).digest();
}

function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

/** The V8 data of a cache file that passes every check, else undefined. */
function readCache(path: string, sourceHash: Buffer): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (!isPrivate(stats, stats.uid, "file") || stats.uid !== process.getuid?.()) return undefined;
    if (stats.size <= HEADER || stats.size > MAX_BYTES) return undefined;
    const bytes = Buffer.alloc(stats.size);
    if (readSync(fd, bytes, 0, bytes.length, 0) !== bytes.length) return undefined;
    const data = bytes.subarray(HEADER);
    const valid =
      bytes.subarray(0, MAGIC.length).equals(MAGIC) &&
      bytes.subarray(MAGIC.length, MAGIC.length + 32).equals(sourceHash) &&
      bytes.subarray(MAGIC.length + 32, HEADER).equals(sha256(data));
    return valid ? data : undefined;
  } catch {
    return undefined; // first run of this command with this build, or the cache was cleared
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Written to a new file of a random name (O_EXCL, O_NOFOLLOW, 0600) in the private directory, then renamed
 * over the cache; the caches of other builds and versions for the same command, bundle and Node removed.
 */
function save(cache: CodeCache, sourceHash: Buffer, script: Script): void {
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
    const bytes = Buffer.concat([MAGIC, sourceHash, sha256(data), data]);
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, cacheFile);
    for (const name of readdirSync(dir)) {
      const sameFamily = name.endsWith(`-${cache.family}.bin`) || name.includes(`-${cache.family}-`);
      if (sameFamily && name.endsWith(".bin") && join(dir, name) !== cacheFile)
        rmSync(join(dir, name), { force: true });
    }
  } catch {
    // full disk, a name already taken: run without a cache
    if (fd !== undefined) closeSync(fd);
    if (created) rmSync(temporary, { force: true });
  }
}
