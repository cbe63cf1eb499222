import { CliError, configError, isCliError, usageError } from "../core/cli-error.js";
import { isLoopbackHost } from "../core/loopback.js";
import { editDistance } from "../core/near-names.js";
import { redactUrlPasswords } from "../core/redact-url.js";
import type { ConfigDiscovery, ConfigFile } from "./files.js";
import {
  isSettingKey,
  SETTING_KEYS,
  SETTINGS,
  type SettingKey,
  type SettingSpec,
  type SettingValue,
} from "./schema.js";
import { type ConfigScope, describeSource, type Resolved, type Source } from "./source.js";

export type ResolvedSettings = { readonly [K in SettingKey]?: Resolved<SettingValue<K>> };

export interface SettingsResult {
  readonly settings: ResolvedSettings;
  readonly profile: Resolved<string> | undefined;
  /** Unknown keys and similar problems that must not pass silently. */
  readonly warnings: readonly string[];
}

export interface ResolveInput {
  /** Only flags the user actually typed, keyed by setting, as raw strings (or booleans). */
  readonly flags: Readonly<Partial<Record<SettingKey, unknown>>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly discovery: ConfigDiscovery;
  /** `--profile`; LICENSECTL_PROFILE is read from env. */
  readonly profileFlag?: string | undefined;
}

export const PROFILE_ENV = "LICENSECTL_PROFILE";
const FLAG_NAMES: Partial<Record<SettingKey, string>> = Object.fromEntries(
  SETTING_KEYS.flatMap((key) => {
    const spec: SettingSpec = SETTINGS[key];
    return spec.flag ? [[key, typedFlag(spec.flag, spec)]] : [];
  }),
);

/**
 * The flag as the user types it. A boolean setting that is on by default has only commander's negated form
 * (`--no-verify-signature`): a source or hint naming `--verify-signature` would name a flag that does not exist.
 */
function typedFlag(attribute: string, spec: SettingSpec): string {
  const negated = spec.type === "boolean" && spec.default === true;
  return `--${negated ? "no-" : ""}${kebab(attribute)}`;
}

/**
 * The global flag that sets a setting as typed, e.g. "--api-url" or "--no-verify-signature"; undefined for
 * settings without one (secrets).
 */
export function flagName(key: SettingKey): string | undefined {
  return FLAG_NAMES[key];
}

/**
 * Merge every layer into one settings object. Precedence, highest first:
 * flag > environment > selected profile > project file > user file > default.
 */
export function resolveSettings(input: ResolveInput): SettingsResult {
  const warnings: string[] = [];
  const layers = new Map<SettingKey, Resolved<unknown>>();
  const set = (key: SettingKey, value: unknown, source: Source) => layers.set(key, { value, source });

  for (const key of SETTING_KEYS) {
    const value = SETTINGS[key] as SettingSpec;
    if (value.default !== undefined) set(key, value.default, { type: "default" });
  }
  for (const file of input.discovery.files) {
    for (const [key, value] of readFileSettings(file, warnings)) {
      set(key, value, { type: "file", scope: file.scope, file: file.path });
    }
  }

  const profile = selectProfile(input);
  if (profile) {
    for (const [key, { value, file, scope }] of collectProfile(profile, input.discovery.files, warnings)) {
      set(key, value, { type: "profile", profile: profile.value, file, scope });
    }
  }

  for (const key of SETTING_KEYS) {
    const spec: SettingSpec = SETTINGS[key];
    const raw = input.env[spec.env];
    if (raw !== undefined && raw !== "") {
      const source: Source = { type: "env", name: spec.env };
      set(key, parseText(key, raw, source), source);
    }
    const flag = input.flags[key];
    if (flag !== undefined) {
      const source: Source = { type: "flag", name: FLAG_NAMES[key] ?? key };
      set(key, typeof flag === "string" ? parseText(key, flag, source) : flag, source);
    }
  }

  return { settings: Object.fromEntries(layers) as ResolvedSettings, profile, warnings };
}

function selectProfile(input: ResolveInput): Resolved<string> | undefined {
  if (input.profileFlag !== undefined && input.profileFlag !== "") {
    return { value: input.profileFlag, source: { type: "flag", name: "--profile" } };
  }
  const env = input.env[PROFILE_ENV];
  return env ? { value: env, source: { type: "env", name: PROFILE_ENV } } : undefined;
}

function readFileSettings(file: ConfigFile, warnings: string[]): Array<[SettingKey, unknown]> {
  const out: Array<[SettingKey, unknown]> = [];
  for (const [key, value] of Object.entries(file.data)) {
    if (key === "$schema") continue; // for editors (config init writes it): not a setting
    if (key === "profiles") {
      profilesOf(file); // validates the shape
      continue;
    }
    if (!isSettingKey(key)) {
      warnings.push(unknownKeyWarning(key, file.path));
      continue;
    }
    refuseInProject(key, file.scope, file.path);
    out.push([key, checkData(key, value, file.path)]);
  }
  return out;
}

function collectProfile(
  profile: Resolved<string>,
  files: readonly ConfigFile[],
  warnings: string[],
): Map<SettingKey, { value: unknown; file: string; scope: ConfigScope }> {
  const merged = new Map<SettingKey, { value: unknown; file: string; scope: ConfigScope }>();
  let found = false;
  for (const file of files) {
    const profiles = profilesOf(file);
    // Own keys only: "__proto__" or "constructor" would otherwise find Object.prototype's members.
    if (!Object.hasOwn(profiles, profile.value)) continue;
    const body = profiles[profile.value];
    found = true;
    const where = `${file.path} (profile "${profile.value}")`;
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw configError(`${where}: a profile must be an object of settings.`, "Fix the file.");
    }
    for (const [key, value] of Object.entries(body)) {
      if (!isSettingKey(key)) {
        warnings.push(unknownKeyWarning(key, where));
        continue;
      }
      refuseInProject(key, file.scope, where);
      merged.set(key, { value: checkData(key, value, where), file: file.path, scope: file.scope });
    }
  }
  if (!found) {
    const names = [...new Set(files.flatMap((file) => Object.keys(profilesOf(file))))];
    throw configError(
      `Profile "${profile.value}" (from ${describeSource(profile.source)}) is not defined in any config file.`,
      names.length > 0
        ? `Defined profiles: ${names.join(", ")}.`
        : 'Add it under "profiles" in your config file, or drop --profile / LICENSECTL_PROFILE.',
      "unknown_profile",
    );
  }
  return merged;
}

function profilesOf(file: ConfigFile): Record<string, unknown> {
  const profiles = file.data.profiles;
  if (profiles === undefined) return {};
  if (typeof profiles !== "object" || profiles === null || Array.isArray(profiles)) {
    throw configError(
      `${file.path}: "profiles" must be an object of named profiles.`,
      "Write it as profiles: { name: { product: ... } }.",
    );
  }
  return profiles as Record<string, unknown>;
}

/** A setting marked notInProject (a secret of someone else's app) found in a project config file. */
function refuseInProject(key: SettingKey, scope: ConfigScope, where: string): void {
  const spec: SettingSpec = SETTINGS[key];
  if (!spec.notInProject || scope !== "project") return;
  throw configError(
    `${where}: "${key}" may not be set in a project config file (one found in the working directory or a parent, which anyone with write access there may have written).`,
    `Remove "${key}" from that file and set ${spec.env}, or ${key} in your user config (or a file you name with --config).`,
    "setting_not_in_project",
  );
}

/** A value from a config file must already have the right type. */
function checkData(key: SettingKey, value: unknown, where: string): unknown {
  const spec: SettingSpec = SETTINGS[key];
  const fail = (expected: string): never => {
    throw configError(
      `${where}: "${key}" must be ${expected}, got ${describeData(value, spec)}.`,
      `Fix "${key}" in that file.`,
    );
  };
  switch (spec.type) {
    case "boolean":
      return typeof value === "boolean" ? value : fail("true or false");
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value) && inRange(value, spec)
        ? value
        : fail(integerExpectation(spec));
    default:
      if (typeof value !== "string" || value === "") return fail("a non-empty string");
      if (spec.choices && !spec.choices.includes(value)) return fail(choiceList(spec.choices));
      return spec.type === "url" ? checkUrl(key, value, where) : value;
  }
}

/** A value typed on the command line or in the environment is text. */
function parseText(key: SettingKey, raw: string, source: Source): unknown {
  const spec: SettingSpec = SETTINGS[key];
  const where = describeSource(source);
  const fail = (expected: string): never => {
    const got = spec.secret ? "" : `, got "${raw}"`;
    // A flag is typed on this command line: a bad value is a usage mistake (exit 2), fixed by retyping it.
    if (source.type === "flag") {
      const example = spec.default === undefined ? "" : `, e.g. ${source.name} ${spec.default} (the default)`;
      throw usageError(
        `${where} must be ${expected}${got}.`,
        `Give ${source.name} ${expected}${example}.`,
        "invalid_flag_value",
      );
    }
    throw configError(`${where} must be ${expected}${got}.`, `Fix or unset ${where.replace(/^\w+ /, "")}.`);
  };
  if (source.type === "flag" && raw.trim() === "") {
    const fallback = key === "hardwareId" ? "the ID derived from this machine" : "the default";
    const others = [spec.env, "a config file"];
    if (spec.default !== undefined || key === "hardwareId") others.push(fallback);
    throw usageError(
      `${source.name} was given an empty value.`,
      `Pass ${source.name} <${spec.placeholder ?? "value"}>, or leave it out to use ${others.slice(0, -1).join(", ")} or ${others.at(-1)}.`,
      "empty_flag_value",
    );
  }
  switch (spec.type) {
    case "boolean": {
      const lower = raw.trim().toLowerCase();
      if (lower === "true" || lower === "1") return true;
      if (lower === "false" || lower === "0") return false;
      return fail("true or false");
    }
    case "integer": {
      const trimmed = raw.trim();
      const value = Number(trimmed);
      return /^\d+$/.test(trimmed) && Number.isSafeInteger(value) && inRange(value, spec)
        ? value
        : fail(integerExpectation(spec));
    }
    case "url":
      return source.type === "flag"
        ? asUsageError(() => checkUrl(key, raw, where))
        : checkUrl(key, raw, where);
    default:
      return spec.choices && !spec.choices.includes(raw) ? fail(choiceList(spec.choices)) : raw;
  }
}

/** A flag's value is how the command was typed: its refusal is a usage error (exit 2), not configuration. */
function asUsageError<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!isCliError(error)) throw error;
    throw new CliError("usage", error.message, { code: error.code, hint: error.hint });
  }
}
const choiceList = (choices: readonly string[]) => `one of ${choices.map((c) => `"${c}"`).join(", ")}`;

const minimum = (spec: SettingSpec) => spec.min ?? 1;
const inRange = (value: number, spec: SettingSpec) =>
  value >= minimum(spec) && (spec.max === undefined || value <= spec.max);
const integerExpectation = (spec: SettingSpec) =>
  (minimum(spec) === 0 ? "a whole number (0 or more)" : "a positive integer") +
  (spec.max === undefined ? "" : ` no larger than ${spec.max}`);

/** Messages name the URL without its password (redactUrlPasswords); the setting keeps it. */
function checkUrl(key: SettingKey, value: string, where: string): string {
  const shown = redactUrlPasswords(value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(`${where}: "${key}" is not a valid URL: "${shown}".`, "Use a full https:// URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw configError(
      `${where}: "${key}" must be an http(s) URL, got "${shown}".`,
      "Use a full https:// URL.",
    );
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw configError(
      `${where}: "${key}" must use https://, got "${shown}": plain http would send credentials and data unencrypted.`,
      `Change it to ${shown.replace(/^http:/i, "https:")}. Plain http:// is accepted only for loopback hosts (127.0.0.0/8, ::1, localhost), such as the local emulator.`,
      "insecure_url",
    );
  }
  return value;
}

function describeData(value: unknown, spec: SettingSpec): string {
  if (spec.secret) return Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
  return JSON.stringify(value) ?? String(value);
}

function unknownKeyWarning(key: string, where: string): string {
  const suggestion = closestKey(key);
  return `unknown key "${key}" in ${where}${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; it is ignored.`;
}

function closestKey(key: string): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of [...SETTING_KEYS, "profiles"]) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
