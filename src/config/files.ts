import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { LoaderSync } from "cosmiconfig";
// cosmiconfig's parts, not its index: the index also loads the asynchronous explorer licensectl never uses.
import { ExplorerSync } from "cosmiconfig/dist/ExplorerSync.js";
import { loadYaml as cosmiconfigYaml } from "cosmiconfig/dist/loaders.js";
import { configError, isCliError } from "../core/cli-error.js";
import { nestsDeeperThan } from "../core/json-depth.js";
import type { ConfigScope } from "./source.js";

export const MODULE_NAME = "licensectl";

/** JSON and YAML only: a config file sits next to credentials and the directory may be untrusted. */
export const PROJECT_SEARCH_PLACES = [
  "package.json",
  ".licensectlrc",
  ".licensectlrc.json",
  ".licensectlrc.yaml",
  ".licensectlrc.yml",
  "licensectl.config.json",
];
const USER_FILE_NAMES = ["config.json", "config.yaml", "config.yml"];

export interface ConfigFile {
  readonly path: string;
  readonly scope: ConfigScope;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface ConfigDiscovery {
  /** Every path looked at, in order. */
  readonly searched: readonly string[];
  /** Files found and used, lowest precedence first (user, then project; or the one explicit file). */
  readonly files: readonly ConfigFile[];
  /** Project files found but not read, and why. */
  readonly ignored?: readonly { readonly path: string; readonly reason: string }[];
}

export interface DiscoveryOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homedir: string;
  /** The user running licensectl (process.getuid() by default): project files of other owners are ignored. */
  readonly uid?: number | undefined;
  /** `--config` / LICENSECTL_CONFIG: exactly this file, no search. */
  readonly explicitPath?: string | undefined;
}

const refuseCode: LoaderSync = (filepath) => {
  throw configError(
    `${filepath}: licensectl reads JSON and YAML config files only and never executes code.`,
    "Convert it to .licensectlrc.json or .licensectlrc.yaml.",
  );
};

/**
 * Parse errors must not quote the file: it may hold a shared key. Report the position only.
 */
const MAX_CONFIG_DEPTH = 100;

const loadJson: LoaderSync = (filepath, content) => {
  if (content.trim() === "") return null;
  // Bounded as YAML is (maxDepth 100): a value thousands of levels deep overflows the stack when described.
  if (nestsDeeperThan(content, MAX_CONFIG_DEPTH)) {
    throw malformed(filepath, `nested deeper than ${MAX_CONFIG_DEPTH} levels`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    const reason = error instanceof Error ? withoutQuotedInput(error.message) : "";
    throw malformed(filepath, `not valid JSON${reason ? ` (${reason})` : ""}`);
  }
  return withoutImports(filepath, parsed);
};

const loadYaml: LoaderSync = (filepath, content) => {
  let parsed: unknown;
  try {
    parsed = cosmiconfigYaml(filepath, content);
  } catch (error) {
    const { reason, mark } = error as { reason?: string; mark?: { line: number; column: number } };
    const where = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : "";
    throw malformed(filepath, `not valid YAML${where}${reason ? `: ${reason}` : ""}`);
  }
  return withoutImports(filepath, parsed);
};

/**
 * cosmiconfig would merge in any file a `$import` key names: settings (and secrets) from a file that is
 * neither searched, shown as a source, nor checked for permissions. licensectl reads one file per place.
 */
function withoutImports(filepath: string, parsed: unknown): unknown {
  if (typeof parsed === "object" && parsed !== null && Object.hasOwn(parsed, "$import")) {
    throw configError(
      `Config file ${filepath} uses "$import", which licensectl does not support.`,
      "Copy the settings into this file (secrets belong in your user config or the environment).",
      "unsupported_import",
    );
  }
  return parsed;
}

function withoutQuotedInput(message: string): string {
  return message
    .replace(/,?\s*".*"\s*is not valid JSON/s, "")
    .replace(/\s*while parsing.*$/s, "")
    .trim();
}

function malformed(filepath: string, what: string) {
  return configError(`Config file ${filepath} is ${what}.`, "Fix the file's syntax, or move it away.");
}

/**
 * cosmiconfig's public factory (cosmiconfigSync) first looks in process.cwd() for a "meta" config
 * (.config/config.js and friends) and loads it with loaders that execute JavaScript, before any loader of
 * ours applies: a hostile checkout would run code. Its explorer class, built directly, skips that step and
 * uses only our loaders. The end-to-end test "never executes a JS config" guards this.
 */
function explorer(): ExplorerSync {
  return new ExplorerSync({
    moduleName: MODULE_NAME,
    searchPlaces: PROJECT_SEARCH_PLACES,
    searchStrategy: "none",
    ignoreEmptySearchPlaces: true,
    transform: (result) => result,
    cache: false,
    metaConfigFilePath: null,
    mergeImportArrays: true,
    mergeSearchPlaces: false,
    loaders: {
      ".js": refuseCode,
      ".cjs": refuseCode,
      ".mjs": refuseCode,
      ".ts": refuseCode,
      ".cts": refuseCode,
      ".mts": refuseCode,
      ".json": loadJson,
      ".yaml": loadYaml,
      ".yml": loadYaml,
      noExt: loadYaml,
    },
  });
}

export function userConfigDir(env: DiscoveryOptions["env"], homedir: string): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(homedir, ".config");
  return join(base, MODULE_NAME);
}

export function discoverConfig(options: DiscoveryOptions): ConfigDiscovery {
  const ex = explorer();
  if (options.explicitPath !== undefined) {
    const path = resolve(options.cwd, options.explicitPath);
    if (!existsSync(path)) {
      throw configError(
        `Config file ${path} does not exist.`,
        "Check the --config flag or LICENSECTL_CONFIG.",
      );
    }
    return { searched: [path], files: [readFile(ex, path, "explicit")] };
  }

  const searched: string[] = [];
  const files: ConfigFile[] = [];
  const userDir = userConfigDir(options.env, options.homedir);
  for (const name of USER_FILE_NAMES) {
    const path = join(userDir, name);
    searched.push(path);
    if (existsSync(path)) {
      files.push(readFile(ex, path, "user"));
      break;
    }
  }

  const ignored: { path: string; reason: string }[] = [];
  const uid = options.uid === undefined ? process.getuid?.() : options.uid;
  for (let dir = resolve(options.cwd); ; dir = dirname(dir)) {
    searched.push(...PROJECT_SEARCH_PLACES.map((place) => join(dir, place)));
    const found = wrapped(() => ex.search(dir), dir);
    if (found && !found.isEmpty) {
      const owner = strangerOwner(found.filepath, uid);
      if (owner === undefined) {
        files.push(toConfigFile(found.filepath, found.config, "project"));
        break;
      }
      ignored.push({ path: found.filepath, reason: `owned by uid ${owner}, neither you nor root` });
    }
    if (dirname(dir) === dir) break;
  }
  return { searched, files, ignored };
}

/**
 * The search walks up through every parent directory, some of which other users may write to (/tmp): a
 * project file is read only if it belongs to the user running licensectl, or to root. Returns the owner of a
 * file that is neither; undefined where ownership does not apply (Windows).
 */
function strangerOwner(path: string, uid: number | undefined): number | undefined {
  if (uid === undefined) return undefined;
  const owner = statSync(path).uid;
  return owner === uid || owner === 0 ? undefined : owner;
}

function readFile(ex: ExplorerSync, path: string, scope: ConfigScope): ConfigFile {
  const loaded = wrapped(() => ex.load(path), path);
  return toConfigFile(path, loaded?.config ?? {}, scope);
}

function toConfigFile(path: string, config: unknown, scope: ConfigScope): ConfigFile {
  if (config === null || config === undefined) return { path, scope, data: {} };
  if (typeof config !== "object" || Array.isArray(config)) {
    throw configError(
      `${path}: expected an object of settings at the top level.`,
      'Write it as {"product": "...", ...} (JSON) or "product: ..." lines (YAML).',
    );
  }
  return { path, scope, data: config as Record<string, unknown> };
}

function wrapped<T>(read: () => T, where: string): T {
  try {
    return read();
  } catch (error) {
    if (isCliError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw configError(
      `Cannot read config ${where}${code ? ` (${code})` : ""}.`,
      "Check the file's permissions, or move it away.",
    );
  }
}
