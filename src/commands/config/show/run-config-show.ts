import { createPublicKey } from "node:crypto";
import type { SettingsResult } from "../../../config/resolve.js";
import { isSecret, SETTING_KEYS, type SettingKey } from "../../../config/schema.js";
import { describeSource, type Source } from "../../../config/source.js";
import type { Context } from "../../../context.js";
import { redactUrlPasswords } from "../../../core/redact-url.js";
import { escapeControl } from "../../../output/escape-terminal.js";
import { maskSecret } from "../../../output/mask-secret.js";
import { renderTable } from "../../../output/text-table.js";
import { loadSettings } from "../../../sessions/load-settings.js";

export interface ShownSetting {
  readonly key: SettingKey;
  /** Display form: secrets masked, PEM text summarised; null when not set. */
  readonly value: string | number | boolean | null;
  readonly source: Source | null;
  readonly secret: boolean;
}

/** Every setting with its resolved (display) value and where it came from. */
export function showSettings(result: SettingsResult): ShownSetting[] {
  return SETTING_KEYS.map((key) => {
    const setting = result.settings[key];
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

export async function runConfigShow(ctx: Context): Promise<void> {
  const result = loadSettings(ctx);
  const shown = showSettings(result);
  const profile = result.profile ? { name: result.profile.value, source: result.profile.source } : null;
  if (ctx.out.json) {
    ctx.out.result(
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
  const paint = ctx.out.stdoutPaint;
  const rows = shown.map(({ key, value, source }) => [
    key,
    value === null ? "(not set)" : String(value),
    source ? describeSource(source) : "",
  ]);
  const header = profile
    ? `${paint.dim(escapeControl(`Profile ${profile.name} (${describeSource(profile.source)})`))}\n`
    : "";
  ctx.out.result(
    header + renderTable([{ header: "KEY" }, { header: "VALUE" }, { header: "SOURCE" }], rows, paint),
  );
}
