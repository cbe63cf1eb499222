import { isAbsolute, resolve } from "node:path";
import type { ResolvedSettings } from "../config/resolve.js";
import { flagName } from "../config/resolve.js";
import { SETTINGS, type SettingKey } from "../config/schema.js";
import { describeSource, type Resolved, type Source } from "../config/source.js";
import { configError } from "../core/cli-error.js";
import { ownerAndModeRefusal, RefusedFile, readRegularFile } from "../core/safe-read.js";
import {
  decryptLicenseFile,
  type FileLabel,
  type LicenseFileEntry,
  parseLicenseFile,
} from "./license-file-format.js";

/** Far above any license file the SDK writes (a few KiB, more with many features and variables). */
export const LICENSE_FILE_MAX_BYTES = 4 * 1024 * 1024;

/** The license file a run used: the file, the entry it took, the products in it, and what won over what. */
export interface LicenseFileUse {
  readonly path: string;
  readonly entry: LicenseFileEntry;
  readonly products: readonly string[];
  /** "--hardware-id (flag) wins over the license file's hardware ID …": one line per value a flag overrode. */
  readonly overridden: readonly string[];
  /** What the file's values replaced (env, config files): for --debug. */
  readonly replaced: readonly string[];
}

export interface ReadOptions {
  readonly cwd: string;
  /** The user running licensectl; undefined on Windows (no owner or mode to judge). */
  readonly uid: number | undefined;
}

/**
 * The settings with the license file's product, license (key or user, and its ID) and hardware ID laid over
 * them, verbatim. A flag still wins; the configured product (from anywhere) picks the license in a file of
 * several. Without `licenseFile` the settings are returned as they are. The file is only read: judged
 * (regular file, size, owner, mode) before a byte is read, never written, moved or created.
 */
export function applyLicenseFile(
  settings: ResolvedSettings,
  options: ReadOptions,
): { settings: ResolvedSettings; use: LicenseFileUse | undefined } {
  const setting = settings.licenseFile;
  if (!setting) return { settings, use: undefined };
  const path = isAbsolute(setting.value) ? setting.value : resolve(options.cwd, setting.value);
  const key = settings.licenseFileKey;
  if (!key) {
    throw configError(
      `licenseFile ${path} (${describeSource(setting.source)}) is set, but not the key that decrypts it.`,
      `Set ${SETTINGS.licenseFileKey.env}, or licenseFileKey in your user config, to the app's fileKey (never a flag: a secret does not belong on a command line).`,
      "license_file_key_missing",
    );
  }
  const label: FileLabel = { path, keySource: describeSource(key.source) };
  const entries = parseLicenseFile(
    decryptLicenseFile(readLicenseFile(path, setting, options), key.value, label),
    label,
  );
  const entry = pickEntry(entries, settings.product, path);
  return layOver(
    settings,
    entry,
    path,
    entries.map((e) => e.product),
  );
}

function readLicenseFile(path: string, setting: Resolved<string>, options: ReadOptions): string {
  const where = `licenseFile ${path} (${describeSource(setting.source)})`;
  try {
    return readRegularFile(path, {
      maxBytes: LICENSE_FILE_MAX_BYTES,
      judge: (stats) => ownerAndModeRefusal(stats, options.uid),
    }).toString("utf8");
  } catch (error) {
    if (error instanceof RefusedFile) {
      throw configError(
        `${where} was not read: ${error.reason}.`,
        error.refusal === "judged"
          ? `The file decides which license and device licensectl acts on: it must belong to you (or root) and be writable by nobody else. Run licensectl as the user the app runs as, or fix it: chmod go-w ${path} (or chown "$(id -u)" ${path}).`
          : "Check licenseFile: it must name the <filename>.key file the app's LicenseSpring SDK wrote.",
        "license_file_refused",
      );
    }
    const code = (error as NodeJS.ErrnoException).code;
    throw configError(
      code === "ENOENT" ? `${where} does not exist.` : `${where} cannot be read (${code ?? String(error)}).`,
      code === "ENOENT"
        ? "Check licenseFile: the app keeps it in the filePath it gave LicenseSpring's SDK, named <filename>.key (see docs/configuration.md). licensectl never creates it."
        : "Run licensectl as a user who may read it (the user the app runs as).",
      code === "ENOENT" ? "license_file_missing" : "license_file_unreadable",
    );
  }
}

/** The one license a run uses: the configured product's, or the only one. */
function pickEntry(
  entries: readonly LicenseFileEntry[],
  product: Resolved<string> | undefined,
  path: string,
): LicenseFileEntry {
  const products = entries.map((e) => JSON.stringify(e.product)).join(", ");
  if (product) {
    const found = entries.find((e) => e.product === product.value);
    if (found) return found;
    throw configError(
      `The license file ${path} holds no license of product ${JSON.stringify(product.value)} (${describeSource(product.source)}); it holds: ${products}.`,
      `Choose one of those with --product <code> (${SETTINGS.product.env}), or point licenseFile at the app of that product.`,
      "license_file_no_product",
    );
  }
  const only = entries[0];
  if (entries.length === 1 && only) return only;
  throw configError(
    `The license file ${path} holds licenses of several products: ${products}; no product is configured to pick one.`,
    `Pass --product <code> (or set ${SETTINGS.product.env}, or product in a config file) to one of them.`,
    "license_file_several_products",
  );
}

function layOver(
  settings: ResolvedSettings,
  entry: LicenseFileEntry,
  path: string,
  products: readonly string[],
): { settings: ResolvedSettings; use: LicenseFileUse } {
  const source: Source = { type: "license-file", file: path, product: entry.product };
  const merged: Record<string, Resolved<unknown> | undefined> = { ...settings };
  const overridden: string[] = [];
  const replaced: string[] = [];
  const isFlag = (key: SettingKey) => settings[key]?.source.type === "flag";
  const take = (key: SettingKey, value: unknown, what: string) => {
    const current = settings[key];
    if (current?.source.type === "flag") {
      if (current.value !== value) {
        overridden.push(
          `${flagName(key) ?? key} (flag) wins over the license file's ${what} ${JSON.stringify(value)}.`,
        );
      }
      return;
    }
    if (current && current.value !== value) {
      replaced.push(`the license file's ${what} replaces ${key} from ${describeSource(current.source)}.`);
    }
    merged[key] = { value, source };
  };
  if (!settings.product) merged.product = { value: entry.product, source };
  // The file names one license; a flag naming another (key or user) takes the file's license ID with it.
  // A flag naming the file's own license agrees with it: the file's license ID still applies.
  const flaggedOther = (["licenseKey", "username"] as const).some(
    (key) => isFlag(key) && !(entry.license.kind === key && settings[key]?.value === entry.license.value),
  );
  if (flaggedOther) {
    const flagged = isFlag("licenseKey") ? "licenseKey" : "username";
    overridden.push(
      `${flagName(flagged)} (flag) wins over the license file's ${entry.license.kind === "licenseKey" ? "license key" : "user"} ${JSON.stringify(entry.license.value)}${entry.licenseId === undefined || isFlag("licenseId") ? "" : " and its license ID"}.`,
    );
  } else {
    const other: SettingKey = entry.license.kind === "licenseKey" ? "username" : "licenseKey";
    const shadowed = settings[other];
    if (shadowed) {
      replaced.push(`the license file's license replaces ${other} from ${describeSource(shadowed.source)}.`);
      delete merged[other];
    }
    take(
      entry.license.kind,
      entry.license.value,
      entry.license.kind === "licenseKey" ? "license key" : "user",
    );
    if (entry.licenseId !== undefined) take("licenseId", entry.licenseId, "license ID");
    else if (settings.licenseId && !isFlag("licenseId")) {
      replaced.push(
        `the license file's license has no ID: licenseId from ${describeSource(settings.licenseId.source)} is not sent.`,
      );
      delete merged.licenseId;
    }
  }
  take("hardwareId", entry.hardwareId, "hardware ID");
  return {
    settings: merged as ResolvedSettings,
    use: { path, entry, products, overridden, replaced },
  };
}
