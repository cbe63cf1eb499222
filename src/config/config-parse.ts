import type { defaultLoadersSync } from "cosmiconfig";
import { configError } from "../core/cli-error.js";

/** What a config file may expand to: a few settings and profiles, never a YAML alias bomb. */
const MAX_VALUES = 10_000;
const MAX_DEPTH = 32;

export type ConfigFormat = "json" | "yaml" | "package.json";

/** How a file's name says to read it; JavaScript and TypeScript are refused (never executed). */
export function formatOf(path: string): ConfigFormat {
  if (/(^|[\\/])package\.json$/.test(path)) return "package.json";
  if (/\.json$/i.test(path)) return "json";
  if (/\.[cm]?[jt]s$/i.test(path)) {
    throw configError(
      `${path}: licensectl reads JSON and YAML config files only and never executes code.`,
      "Convert it to .licensectlrc.json or .licensectlrc.yaml.",
    );
  }
  return "yaml";
}

/**
 * The settings object of a config file's text, or undefined when the file holds none (empty; a
 * package.json without a "licensectl" key). Bounded before anything walks it, `$import` refused.
 */
export function parseConfigText(path: string, text: string, format: ConfigFormat): unknown {
  if (text.trim() === "") return undefined;
  let parsed = format === "yaml" ? parseYaml(path, text) : parseJson(path, text);
  if (format === "package.json") {
    const isObject = typeof parsed === "object" && parsed !== null;
    parsed = isObject ? (parsed as Record<string, unknown>).licensectl : undefined;
  }
  bounded(path, parsed);
  withoutImports(path, parsed);
  return parsed ?? undefined;
}

/** Parse errors must not quote the file, which may hold a shared key: the position only. */
function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = /at position (\d+)/.exec(error instanceof Error ? error.message : "");
    throw malformed(path, `not valid JSON${at ? ` ${lineAndColumn(text, Number(at[1]))}` : ""}`);
  }
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split("\n");
  return `at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * cosmiconfig's own YAML loader, through its public API (`defaultLoadersSync`). Its search is not used:
 * licensectl judges each file by lstat (type, owner, mode, size) before reading it (src/core/safe-read.ts),
 * and refuses project files of other owners, which cosmiconfig's search, reading what it finds, cannot
 * express. Required on first use, so only a YAML file loads cosmiconfig and its YAML parser (and the
 * built-ins they need: fs/promises, os, crypto); esbuild bundles the require as a lazily initialised part.
 */
function parseYaml(path: string, text: string): unknown {
  const loaders = (require("cosmiconfig") as { defaultLoadersSync: typeof defaultLoadersSync })
    .defaultLoadersSync;
  try {
    return loaders[".yaml"](path, text);
  } catch (error) {
    const { reason, mark } = error as { reason?: string; mark?: { line: number; column: number } };
    const where = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : "";
    throw malformed(path, `not valid YAML${where}${reason ? `: ${reason}` : ""}`);
  }
}

/**
 * YAML aliases share one node many times over: a few lines expand to billions of values once anything
 * walks them. Count values as a walk sees them (aliases expanded) and stop at the first one too many.
 */
function bounded(path: string, value: unknown): void {
  let values = 0;
  const visit = (node: unknown, depth: number): void => {
    if (++values > MAX_VALUES || depth > MAX_DEPTH) {
      throw configError(
        `Config file ${path} expands to more than ${MAX_VALUES} values or ${MAX_DEPTH} levels (YAML aliases?); it was not used.`,
        "A config file holds a few settings: write them out plainly, without nested aliases.",
        "config_too_large",
      );
    }
    if (typeof node === "object" && node !== null) {
      for (const child of Object.values(node)) visit(child, depth + 1);
    }
  };
  visit(value, 0);
}

/**
 * cosmiconfig would merge in any file a `$import` key names: settings (and secrets) from a file that is
 * neither searched, shown as a source, nor checked. licensectl reads one file per place, package.json too.
 */
function withoutImports(path: string, parsed: unknown): void {
  if (typeof parsed === "object" && parsed !== null && Object.hasOwn(parsed, "$import")) {
    throw configError(
      `Config file ${path} uses "$import", which licensectl does not support.`,
      "Copy the settings into this file (secrets belong in your user config or the environment).",
      "unsupported_import",
    );
  }
}

function malformed(path: string, what: string) {
  return configError(`Config file ${path} is ${what}.`, "Fix the file's syntax, or move it away.");
}
