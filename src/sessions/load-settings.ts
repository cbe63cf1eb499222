import { type ConfigDiscovery, discoverConfig } from "../config/files.js";
import { exposedSecretWarnings } from "../config/permissions.js";
import { resolveSettings, type SettingsResult } from "../config/resolve.js";
import { isSecret, SETTING_KEYS } from "../config/schema.js";
import { describeSource } from "../config/source.js";
import type { Context } from "../context.js";

/** The settings of a run and the config files they were read from. */
export type LoadedSettings = SettingsResult & { readonly discovery: ConfigDiscovery };

/** Load config files and merge every layer; warnings go to stderr, secrets are registered for scrubbing. */
export function loadSettings(ctx: Context): LoadedSettings {
  const { io, globals, out } = ctx;
  const discovery = discoverConfig({
    cwd: io.cwd,
    env: io.env,
    homedir: io.homedir,
    explicitPath: globals.config ?? (io.env.LICENSECTL_CONFIG || undefined),
  });
  const result = resolveSettings({
    flags: globals.settingFlags,
    env: io.env,
    discovery,
    profileFlag: globals.profile,
  });
  for (const key of SETTING_KEYS) {
    const setting = result.settings[key];
    if (setting && isSecret(key)) out.addSecret(String(setting.value));
  }
  for (const { path, reason } of discovery.ignored ?? []) {
    out.warn(
      `ignored the config file ${path}: ${reason}. Move it, or name it with --config if you trust it.`,
    );
  }
  for (const warning of [...exposedSecretWarnings(discovery.files), ...result.warnings]) out.warn(warning);
  if (out.debugEnabled) {
    out.debug(
      `config files: ${discovery.files.map((f) => `${f.path} (${f.scope})`).join(", ") || "none found"}`,
    );
    if (result.profile)
      out.debug(`profile: ${result.profile.value} (${describeSource(result.profile.source)})`);
  }
  return { ...result, discovery };
}
