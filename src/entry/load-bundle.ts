import { join } from "node:path";
import { VERSION } from "../core/version.js";
import { type CodeCache, requireWithCodeCache } from "./code-cache.js";
import { privateDir } from "./private-dir.js";

/** The hash of each bundle, written by the build (scripts/build.mjs) into the one that loads it; absent in tests. */
declare const __LICENSECTL_CLI_HASH__: string | undefined;
declare const __LICENSECTL_COMMANDS_HASH__: string | undefined;
/** Every command name and alias, written by the build and by vitest.config.ts (scripts/command-words.mjs). */
declare const __LICENSECTL_COMMAND_WORDS__: readonly string[] | undefined;

/**
 * Load one of the CLI's bundles from dist/ (this file is bundled into dist/ too, so __dirname is dist/),
 * through the code cache kept for the command being run (src/entry/code-cache.ts); LICENSECTL_NO_CODE_CACHE
 * turns it off.
 */
export function loadBundle(name: string): unknown {
  const env = process.env;
  const cache = env.LICENSECTL_NO_CODE_CACHE
    ? undefined
    : codeCache(env, home(), process.argv.slice(2), name);
  return requireWithCodeCache(join(__dirname, name), cache);
}

/**
 * The words that name commands. A cache is kept per command, so each holds the functions its command
 * runs; any other word (an argument, a flag's value) is left out of the name, so values do not multiply
 * caches. Generated from the verb declarations at build time (scripts/command-words.mjs), so it cannot drift
 * from the tree; test/unit/code-cache.test.ts checks it against the program.
 */
export const COMMAND_WORDS: ReadonlySet<string> = new Set(
  typeof __LICENSECTL_COMMAND_WORDS__ === "undefined" ? [] : __LICENSECTL_COMMAND_WORDS__,
);

/** `$XDG_CACHE_HOME` when absolute, else `~/.cache`. */
export function cacheBase(
  env: Readonly<Record<string, string | undefined>>,
  home: string | undefined,
): string | undefined {
  if (env.XDG_CACHE_HOME?.startsWith("/")) return env.XDG_CACHE_HOME;
  return home ? join(home, ".cache") : undefined;
}

/** The cache: `<cache>/licensectl/v8`, one file per Node, command and bundle, named with the version. */
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
    build: bundleHash(bundle),
  };
}

function bundleHash(bundle: string): string {
  if (bundle === "cli.cjs")
    return typeof __LICENSECTL_CLI_HASH__ === "string" ? __LICENSECTL_CLI_HASH__ : "dev";
  return typeof __LICENSECTL_COMMANDS_HASH__ === "string" ? __LICENSECTL_COMMANDS_HASH__ : "dev";
}

function home(): string | undefined {
  try {
    return process.env.HOME || process.getBuiltinModule("node:os").homedir();
  } catch {
    return undefined;
  }
}
