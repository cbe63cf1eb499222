import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** Where a bundle's cache lives: a private directory, and a name for this bundle, Node and command. */
export interface CodeCache {
  readonly dir: string;
  readonly key: string;
  /** The part of the key every version of licensectl shares: caches of other versions and builds in it are replaced. */
  readonly family: string;
}

/**
 * Load a CommonJS bundle through a V8 code cache, the way npm's v8-compile-cache does (Node 20 has no
 * module.enableCompileCache): the first run of a command compiles as usual and saves what V8 compiled;
 * later runs of that command skip most parsing and compiling. Any problem with the cache (missing, stale,
 * corrupt, unwritable) only costs speed.
 */
export function requireWithCodeCache(file: string, cache: CodeCache | undefined): unknown {
  const source = readFileSync(file, "utf8");
  // V8 checks a cache against the source's length only: the file's size and mtime in the name make a
  // rebuilt bundle (even one of the same length) miss the old cache instead of running its code.
  const cacheFile = cache && join(cache.dir, `${cache.key}-${fingerprint(file)}.bin`);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // first run of this command with this build, or the cache was cleared
  }
  // The bundle has no import() left (the build turns them into require()), so no dynamic-import hook.
  const script = new Script(wrap(source), { filename: file, cachedData });
  const module = { exports: {} as unknown };
  const factory = script.runInThisContext() as (...args: unknown[]) => void;
  factory(module.exports, createRequire(file), module, file, dirname(file));
  if (cache && cacheFile && (!cachedData || script.cachedDataRejected)) {
    // At exit, the cache holds everything this run compiled, not just the top level.
    process.once("exit", () => save(cache, cacheFile, script));
  }
  return module.exports;
}

function fingerprint(file: string): string {
  const { size, mtimeMs } = statSync(file);
  return `${size}-${Math.trunc(mtimeMs)}`;
}

function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

/**
 * Private directory, atomic replace (a cache file is code: no one else may plant one), and the caches of
 * other builds and versions for the same command, bundle and Node removed, so upgrades do not pile up.
 */
function save(cache: CodeCache, cacheFile: string, script: Script): void {
  try {
    mkdirSync(cache.dir, { recursive: true, mode: 0o700 });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, cacheFile);
    for (const name of readdirSync(cache.dir)) {
      const path = join(cache.dir, name);
      if (name.includes(`-${cache.family}-`) && name.endsWith(".bin") && path !== cacheFile)
        rmSync(path, { force: true });
    }
  } catch {
    // read-only home, full disk: run without a cache
  }
}
