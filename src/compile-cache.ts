import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/**
 * Load a CommonJS bundle through a V8 code cache, the way npm's v8-compile-cache does (Node 20 has no
 * module.enableCompileCache): the first run of a command compiles as usual and saves what V8 compiled;
 * later runs of that command skip most parsing and compiling. `cacheFile` is per command, so each keeps
 * the functions it uses. Any problem with the cache (missing, stale, unwritable) only costs speed.
 */
export function requireWithCodeCache(file: string, cacheFile: string | undefined): unknown {
  const source = readFileSync(file, "utf8");
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // first run of this command, or the cache was cleared
  }
  // The bundle has no import() left (the build turns them into require()), so no dynamic-import hook.
  const script = new Script(wrap(source), { filename: file, cachedData });
  const module = { exports: {} as unknown };
  const factory = script.runInThisContext() as (...args: unknown[]) => void;
  factory(module.exports, createRequire(file), module, file, dirname(file));
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    // At exit, the cache holds everything this run compiled, not just the top level.
    process.once("exit", () => save(cacheFile, script));
  }
  return module.exports;
}

function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

/** Private directory, atomic replace: a cache file is code, and must not be planted by someone else. */
function save(cacheFile: string, script: Script): void {
  try {
    mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, cacheFile);
  } catch {
    // read-only home, full disk: run without a cache
  }
}

/** `$XDG_CACHE_HOME/licensectl/v8` (default `~/.cache`), one file per Node version, command and bundle. */
export function codeCacheFile(
  env: Readonly<Record<string, string | undefined>>,
  home: string | undefined,
  version: string,
  argv: readonly string[],
  bundle: string,
): string | undefined {
  const base = env.XDG_CACHE_HOME?.startsWith("/")
    ? env.XDG_CACHE_HOME
    : home
      ? join(home, ".cache")
      : undefined;
  if (!base) return undefined;
  const command =
    argv
      .filter((arg) => /^[a-z]+$/.test(arg))
      .slice(0, 2)
      .join("-") || "root";
  return join(
    base,
    "licensectl",
    "v8",
    `${version}-node${process.versions.node}-${process.arch}-${command}-${bundle}.bin`,
  );
}
