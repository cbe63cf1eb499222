import { createPublicKey } from "node:crypto";
import type { ResolvedSettings, SettingsResult } from "../../../config/resolve.js";
import { isSecret, SETTING_KEYS, type SettingKey } from "../../../config/schema.js";
import { describeSource, type Resolved, type Source } from "../../../config/source.js";
import { redactUrlPasswords } from "../../../core/redact-url.js";
import { resolveHardwareId } from "../../../hardware-id/resolve-hardware-id.js";
import { loadDisplayWidth } from "../../../output/display-width.js";
import { maskSecret } from "../../../output/mask-secret.js";
import { renderSettings } from "./render-config-show.js";
import type { ConfigShowInput } from "./verb.js";

export interface ShownSetting {
  readonly key: SettingKey;
  /** Display form: secrets masked, PEM text summarised; null when not set. */
  readonly value: string | number | boolean | null;
  readonly source: Source | null;
  readonly secret: boolean;
}

/**
 * Every setting with its resolved (display) value and where it came from. `hardwareId` is the one the run
 * would send: when none is configured, the one derived from this machine (source "derived").
 */
export function showSettings(result: SettingsResult, hardwareId?: Resolved<string>): ShownSetting[] {
  return SETTING_KEYS.map((key) => {
    const setting = key === "hardwareId" ? (hardwareId ?? result.settings[key]) : result.settings[key];
    const secret = isSecret(key);
    if (!setting) {
      return key === "publicKey"
        ? { key, value: "LicenseSpring production key (built in)", source: { type: "default" }, secret }
        : { key, value: null, source: null, secret };
    }
    const value = secret
      ? maskSecret(String(setting.value))
      : key === "publicKey"
        ? describePem(String(setting.value))
        : typeof setting.value === "string"
          ? redactUrlPasswords(setting.value)
          : setting.value;
    return { key, value, source: setting.source, secret };
  });
}

function describePem(value: string): string {
  if (!value.includes("-----BEGIN")) return value;
  try {
    const bits = createPublicKey(value).asymmetricKeyDetails?.modulusLength;
    return `PEM text (RSA ${bits ?? "?"}-bit public key)`;
  } catch {
    return "PEM text (not a usable public key)";
  }
}

/** The configured hardware ID, else the derived one; undefined when this machine yields none (shown "not set"). */
async function hardwareIdToSend(settings: ResolvedSettings): Promise<Resolved<string> | undefined> {
  try {
    return await resolveHardwareId(settings);
  } catch {
    return undefined;
  }
}

export async function runConfigShow({ out, format, settings }: ConfigShowInput): Promise<void> {
  const result = settings();
  const shown = showSettings(result, await hardwareIdToSend(result.settings));
  const profile = result.profile ? { name: result.profile.value, source: result.profile.source } : null;
  if (format === "json") {
    out.result(
      JSON.stringify(
        {
          profile,
          files: result.discovery.files.map(({ path, scope }) => ({ path, scope })),
          settings: Object.fromEntries(
            shown.map(({ key, value, source, secret }) => [
              key,
              { value, secret, source, from: source ? describeSource(source) : null },
            ]),
          ),
        },
        null,
        2,
      ),
    );
    return;
  }
  if (profile) out.caption(`Profile ${profile.name} (${describeSource(profile.source)})`);
  await loadDisplayWidth(
    shown.flatMap(({ value, source }) => [String(value), source ? describeSource(source) : ""]),
  );
  renderSettings(out, shown, format, result.settings);
}
