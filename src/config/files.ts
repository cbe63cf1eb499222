import type { Stats } from "node:fs";
import { lstatSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { configError, isCliError } from "../core/cli-error.js";
import { ownerAndModeRefusal, RefusedFile, readRegularFile } from "../core/safe-read.js";
import { formatOf, parseConfigText } from "./config-parse.js";
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

/** Larger than this, a config file is refused unread: a few settings take a few hundred bytes. */
const MAX_CONFIG_BYTES = 256 * 1024;

export function userConfigDir(env: DiscoveryOptions["env"], homedir: string): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(homedir, ".config");
  return join(base, MODULE_NAME);
}

export function discoverConfig(options: DiscoveryOptions): ConfigDiscovery {
  const uid = options.uid === undefined ? process.getuid?.() : options.uid;
  if (options.explicitPath !== undefined) {
    const path = resolve(options.cwd, options.explicitPath);
    if (!exists(path)) {
      throw configError(
        `Config file ${path} does not exist.`,
        "Check the --config flag or LICENSECTL_CONFIG.",
      );
    }
    return { searched: [path], files: [readConfig(path, "explicit") ?? emptyFile(path, "explicit")] };
  }

  const searched: string[] = [];
  const files: ConfigFile[] = [];
  const userDir = userConfigDir(options.env, options.homedir);
  for (const name of USER_FILE_NAMES) {
    const path = join(userDir, name);
    searched.push(path);
    if (exists(path)) {
      // ssh's rule for its config: yours (or root's), and writable by nobody else; otherwise refused. The
      // same for a symlink at its place (its owner chose the target) and for the directory holding it
      // (whoever may write there may swap the file).
      // The link and the directory are judged by path, once: the file itself is judged before it is opened and
      // again after (readRegularFile), and only that judgement can change between the two.
      const pathRefusal = linkRefusal(path, uid) ?? directoryRefusal(userDir, uid);
      const judge = (stats: Stats) => ownerAndModeRefusal(stats, uid) ?? pathRefusal;
      files.push(readConfig(path, "user", judge) ?? emptyFile(path, "user"));
      break;
    }
  }

  const ignored: { path: string; reason: string }[] = [];
  search: for (let dir = resolve(options.cwd); ; dir = dirname(dir)) {
    for (const place of PROJECT_SEARCH_PLACES) {
      const path = join(dir, place);
      searched.push(path);
      const stats = exists(path);
      if (!stats) continue;
      const owner = strangerOwner(stats, uid);
      if (owner !== undefined) {
        ignored.push({ path, reason: `owned by uid ${owner}, neither you nor root` });
        break;
      }
      // A symlink planted by another user is theirs, whoever owns what it points at.
      const link = symlinkOwner(path, uid);
      if (link !== undefined) {
        ignored.push({ path, reason: `a symlink owned by uid ${link}, neither you nor root` });
        break;
      }
      // As ssh refuses a config others may write to: whatever they wrote there is not the user's choice.
      if (uid !== undefined && stats.isFile() && (stats.mode & 0o022) !== 0) {
        ignored.push({
          path,
          reason: `group or others may write to it (mode ${modeText(stats)}); run: chmod go-w ${path}`,
        });
        break;
      }
      const file = readConfig(path, "project");
      if (file) {
        files.push(file);
        break search;
      }
    }
    if (dirname(dir) === dir) break;
  }
  return { searched, files, ignored };
}

/** The file's stats when something is there (a dangling symlink is not); never follows into a read. */
function exists(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * The search walks up through every parent directory, some of which other users may write to (/tmp): a
 * project file is read only if it belongs to the user running licensectl, or to root. Returns the owner of a
 * file that is neither; undefined where ownership does not apply (Windows).
 */
function strangerOwner(stats: Stats, uid: number | undefined): number | undefined {
  if (uid === undefined) return undefined;
  return stats.uid === uid || stats.uid === 0 ? undefined : stats.uid;
}

/** The owner of a symlink at `path` when it is neither the user nor root; undefined otherwise. */
function symlinkOwner(path: string, uid: number | undefined): number | undefined {
  try {
    const link = lstatSync(path);
    return link.isSymbolicLink() ? strangerOwner(link, uid) : undefined;
  } catch {
    return undefined;
  }
}

function linkRefusal(path: string, uid: number | undefined): string | undefined {
  const owner = symlinkOwner(path, uid);
  return owner === undefined ? undefined : `it is a symlink owned by uid ${owner}, neither you nor root`;
}

/** The user config directory: yours (or root's) and writable by nobody else, as ssh wants ~/.ssh. */
function directoryRefusal(dir: string, uid: number | undefined): string | undefined {
  if (uid === undefined) return undefined;
  try {
    const stats = statSync(dir);
    if (strangerOwner(stats, uid) !== undefined) return `its directory ${dir} is owned by uid ${stats.uid}`;
    if ((stats.mode & 0o022) !== 0) {
      return `group or others may write to its directory ${dir} (mode ${modeText(stats)})`;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const modeText = (stats: Stats) => (stats.mode & 0o777).toString(8).padStart(4, "0");

/**
 * One config file, judged before it is read (a regular file, at most MAX_CONFIG_BYTES, what `judge` says),
 * then parsed. undefined when it holds no settings (empty, or a package.json without "licensectl").
 */
function readConfig(
  path: string,
  scope: ConfigScope,
  judge?: (stats: Stats) => string | undefined,
): ConfigFile | undefined {
  const format = formatOf(path);
  const text = wrapped(() => readRegularFile(path, { maxBytes: MAX_CONFIG_BYTES, judge }), path).toString(
    "utf8",
  );
  const config = parseConfigText(path, text, format);
  return config === undefined ? undefined : toConfigFile(path, config, scope);
}

const emptyFile = (path: string, scope: ConfigScope): ConfigFile => ({ path, scope, data: {} });

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
    if (error instanceof RefusedFile) {
      throw configError(
        `Config file ${where} was not read: ${error.reason}.`,
        refusalHint(error.reason, where),
        "unsafe_config_file",
      );
    }
    const code = (error as NodeJS.ErrnoException).code;
    throw configError(
      `Cannot read config ${where}${code ? ` (${code})` : ""}.`,
      "Check the file's permissions, or move it away.",
    );
  }
}

function refusalHint(reason: string, path: string): string {
  if (reason.startsWith("it is owned by"))
    return `If it is yours, run: chown "$(id -u)" ${path}; otherwise move it away.`;
  const dir = /its directory (.+) \(mode/.exec(reason)?.[1];
  if (dir) return `Run: chmod go-w ${dir}`;
  if (reason.startsWith("group or others")) return `Run: chmod go-w ${path}`;
  if (reason.startsWith("it is a symlink")) return `Remove the link and put your own file there: ${path}`;
  return "Point licensectl at a regular file (--config <file>), or move this one away.";
}
