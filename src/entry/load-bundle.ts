import { readdirSync, rmSync } from "node:fs";
import * as nodeModuleTypes from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { VERSION } from "../core/version.js";
import { type CodeCache, requireWithCodeCache } from "./code-cache.js";
import { privateDir } from "./private-dir.js";

declare const __LICENSECTL_BUNDLE_HASH__: string | undefined;

/** node:module, with what Node 22.1 added (the types are Node 20's). */
const nodeModule = nodeModuleTypes as typeof nodeModuleTypes & {
  enableCompileCache?: (dir: string) => unknown;
};

/**
 * LEVER code cache — measured: Node 20 hand-made, `--help` 551 M vs 572 M instructions (valgrind, -3.6%);
 * CPU ms of `vars list --json`, cache vs none: Node 20 hand-made 183 vs 197 (-7%);
 * Node 22 runtime 238 / hand-made 224 / none 244; Node 24 runtime 269 / hand-made 265 / none 277 (-3%).
 * So Node >= 22.1 uses the runtime's own cache (module.enableCompileCache: checksummed, bound to the
 * source), the hand-made one (src/entry/code-cache.ts) is kept for Node 20 only. Either lives in a private
 * directory (src/entry/private-dir.ts); LICENSECTL_NO_CODE_CACHE turns both off.
 */
const runtimeCache = typeof nodeModule.enableCompileCache === "function";

/**
 * In the entry (dist/start.cjs), before any bundle loads: on Node >= 22.1, turn on the runtime's cache in
 * `<cache>/licensectl/compile-<version>-<hash of this build's bundles>`; earlier builds' caches are removed.
 */
export function enableRuntimeCodeCache(): void {
  const env = process.env;
  if (!runtimeCache || env.LICENSECTL_NO_CODE_CACHE) return;
  const base = cacheBase(env, home());
  const build = typeof __LICENSECTL_BUNDLE_HASH__ === "string" ? __LICENSECTL_BUNDLE_HASH__ : "dev";
  const name = `compile-${VERSION}-${build}`;
  if (!base) return;
  const parent = privateDir(base, ["licensectl"], true);
  if (!parent) return;
  const fresh = !readdirSync(parent).includes(name);
  const dir = privateDir(parent, [name], true);
  if (!dir) return;
  nodeModule.enableCompileCache?.(dir);
  if (fresh) {
    for (const old of readdirSync(parent))
      if (old.startsWith("compile-") && old !== name)
        rmSync(join(parent, old), { recursive: true, force: true });
  }
}

/**
 * Load one of the CLI's bundles from dist/ (this file is bundled into dist/ too, so __dirname is dist/):
 * with the runtime's cache where there is one (the entry turned it on), else through the hand-made cache
 * kept for the command being run.
 */
export function loadBundle(name: string): unknown {
  const file = join(__dirname, name);
  if (runtimeCache) return nodeModule.createRequire(file)(file);
  const env = process.env;
  const cache = env.LICENSECTL_NO_CODE_CACHE
    ? undefined
    : codeCache(env, home(), process.argv.slice(2), name);
  return requireWithCodeCache(file, cache);
}

/**
 * The words that name commands. A cache is kept per command, so each holds the functions its command
 * runs; any other word (an argument, a flag's value) is left out of the name, so values do not multiply
 * caches. A command missing here only shares a cache with its parent (test/unit/code-cache.test.ts checks
 * the list against the program).
 */
export const COMMAND_WORDS: ReadonlySet<string> = new Set([
  "history",
  "prune",
  "undo",
  "vars",
  "set",
  "get",
  "list",
  "ls",
  "unset",
  "diff",
  "copy",
  "export",
  "device",
  "devices",
  "id",
  "config",
  "show",
  "path",
  "init",
  "doctor",
  "completion",
  "emulator",
  "help",
]);

/** `$XDG_CACHE_HOME` when absolute, else `~/.cache`. */
export function cacheBase(
  env: Readonly<Record<string, string | undefined>>,
  home: string | undefined,
): string | undefined {
  if (env.XDG_CACHE_HOME?.startsWith("/")) return env.XDG_CACHE_HOME;
  return home ? join(home, ".cache") : undefined;
}

/** The hand-made cache: `<cache>/licensectl/v8`, one file per Node, command and bundle, named with the version. */
export function codeCache(
  env: Readonly<Record<string, string | undefined>>,
  home: string | undefined,
  argv: readonly string[],
  bundle: string,
): CodeCache | undefined {
  const base = cacheBase(env, home);
  if (!base) return undefined;
  const command =
    argv
      .filter((word) => COMMAND_WORDS.has(word))
      .slice(0, 2)
      .join("-") || "root";
  const family = `node${process.versions.node}-${process.arch}-${command}-${bundle}`;
  return {
    dir: () => privateDir(base, ["licensectl", "v8"], true),
    existingDir: () => privateDir(base, ["licensectl", "v8"], false),
    key: `${VERSION}-${family}`,
    family,
  };
}

function home(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}
