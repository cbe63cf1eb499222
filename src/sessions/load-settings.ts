import { type ConfigDiscovery, discoverConfig } from "../config/files.js";
import { exposedSecretWarnings } from "../config/permissions.js";
import { resolveSettings, type SettingsResult } from "../config/resolve.js";
import { isSecret, SETTING_KEYS } from "../config/schema.js";
import { describeSource } from "../config/source.js";
import type { Context } from "../context.js";
import { applyLicenseFile, type LicenseFileUse } from "../license-file/apply-license-file.js";

/** The settings of a run, the config files they were read from, and the app's license file when one is used. */
export type LoadedSettings = SettingsResult & {
  readonly discovery: ConfigDiscovery;
  readonly licenseFile: LicenseFileUse | undefined;
};

/**
 * Load config files and merge every layer, the app's license file (licenseFile) last; warnings go to stderr,
 * secrets are registered for scrubbing.
 */
export function loadSettings(ctx: Context): LoadedSettings {
  const { io, globals, out } = ctx;
  const discovery = discoverConfig({
    cwd: io.cwd,
    env: io.env,
    homedir: io.homedir,
    explicitPath: globals.config ?? (io.env.LICENSECTL_CONFIG || undefined),
  });
  const configured = resolveSettings({
    flags: globals.settingFlags,
    env: io.env,
    discovery,
    profileFlag: globals.profile,
  });
  for (const key of SETTING_KEYS) {
    const setting = configured.settings[key];
    if (setting && isSecret(key)) out.addSecret(String(setting.value));
  }
  for (const { path, reason } of discovery.ignored ?? []) {
    out.warn(
      `ignored the config file ${path}: ${reason}. Move it, or name it with --config if you trust it.`,
    );
  }
  for (const warning of [...exposedSecretWarnings(discovery.files), ...configured.warnings])
    out.warn(warning);
  // After the warnings above: a license file that cannot be used must not hide them.
  const { settings, use } = applyLicenseFile(configured.settings, { cwd: io.cwd, uid: process.getuid?.() });
  const result = { ...configured, settings };
  for (const line of use?.overridden ?? []) out.warn(line);
  if (out.debugEnabled) {
    if (use) {
      out.debug(
        `license file: ${use.path} (product ${JSON.stringify(use.entry.product)} of ${use.products.map((p) => JSON.stringify(p)).join(", ")})`,
      );
      for (const line of use.replaced) out.debug(line);
    }
    out.debug(
      `config files: ${discovery.files.map((f) => `${f.path} (${f.scope})`).join(", ") || "none found"}`,
    );
    if (result.profile)
      out.debug(`profile: ${result.profile.value} (${describeSource(result.profile.source)})`);
  }
  return { ...result, discovery, licenseFile: use };
}
