import { homedir } from "node:os";
import { join } from "node:path";
import { VERSION } from "../core/version.js";
import { type CodeCache, requireWithCodeCache } from "./code-cache.js";

/**
 * Load one of the CLI's bundles from dist/ (this file is bundled into dist/ too, so __dirname is dist/)
 * through the V8 code cache kept for the command being run.
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
 * caches. A command missing here only shares a cache with its parent (test/unit/code-cache.test.ts checks
 * the list against the program).
 */
export const COMMAND_WORDS: ReadonlySet<string> = new Set([
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

/** `$XDG_CACHE_HOME/licensectl/v8` (default `~/.cache`); one cache per Node, command and bundle, named with the version. */
export function codeCache(
  env: Readonly<Record<string, string | undefined>>,
  home: string | undefined,
  argv: readonly string[],
  bundle: string,
): CodeCache | undefined {
  const base = env.XDG_CACHE_HOME?.startsWith("/")
    ? env.XDG_CACHE_HOME
    : home
      ? join(home, ".cache")
      : undefined;
  if (!base) return undefined;
  const command =
    argv
      .filter((word) => COMMAND_WORDS.has(word))
      .slice(0, 2)
      .join("-") || "root";
  const family = `node${process.versions.node}-${process.arch}-${command}-${bundle}`;
  return { dir: join(base, "licensectl", "v8"), key: `${VERSION}-${family}`, family };
}

function home(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}
