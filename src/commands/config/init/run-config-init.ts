import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { userConfigDir } from "../../../config/files.js";
import { CONFIG_SCHEMA_URL } from "../../../config/json-schema.js";
import { type ResolvedSettings, resolveSettings } from "../../../config/resolve.js";
import { DEFAULT_API_URL, isSecret, SETTINGS, type SettingKey } from "../../../config/schema.js";
import type { Context } from "../../../context.js";
import { usageError } from "../../../core/cli-error.js";
import { createPrivateFile, writePrivateFile } from "../../../core/safe-file.js";
import { createPrompter, type Prompter } from "../../../terminal/prompt.js";
import { servedPublicKey } from "./served-public-key.js";

/** The keys `config init` writes, in file order. */
const INIT_KEYS: readonly SettingKey[] = [
  "apiUrl",
  "apiKey",
  "sharedKey",
  "clientId",
  "clientSecret",
  "product",
  "licenseKey",
  "username",
  "licenseId",
  "hardwareId",
  "publicKey",
];

export interface ConfigInitOptions {
  readonly force: boolean;
}

/**
 * Write the user config file: from prompts on a terminal (defaults taken from flags and environment), or
 * from flags and environment alone otherwise. 0600 from the start, atomic, never over a file without --force.
 */
export async function runConfigInit(ctx: Context, options: ConfigInitOptions): Promise<void> {
  const path = join(userConfigDir(ctx.io.env, ctx.io.homedir), "config.json");
  if (existsSync(path) && !options.force) throw fileExists(path);
  const given = givenSettings(ctx);
  const prompter = createPrompter(ctx.io, ctx.globals.input);
  let config: Record<string, unknown>;
  try {
    config = prompter.interactive ? await askConfig(prompter, given) : fromGiven(given);
    await choosePublicKey(ctx, prompter, config);
  } finally {
    prompter.close();
  }
  // The same validation as any config file: a mistyped URL is refused now, not on first use.
  resolveSettings({
    flags: {},
    env: {},
    discovery: { searched: [], files: [{ path, scope: "user", data: config }] },
  });
  if (Object.keys(config).length === 0) {
    throw usageError(
      "Nothing to write: no setting was given.",
      "Run it in a terminal to be asked, or pass flags (--product, --license-key, …) and LICENSECTL_* variables.",
      "nothing_to_write",
    );
  }
  mkdirSync(join(path, ".."), { recursive: true, mode: 0o700 });
  // "$schema" first: editors validate and complete the file against the settings of this version.
  const text = `${JSON.stringify({ $schema: CONFIG_SCHEMA_URL, ...config }, null, 2)}\n`;
  if (options.force) writePrivateFile(path, text);
  else {
    try {
      createPrivateFile(path, text); // exclusive: of two runs at once, exactly one writes the file
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw fileExists(path);
      throw error;
    }
  }
  ctx.out.result(path);
  ctx.out.info(
    `Wrote ${Object.keys(config).join(", ")} to ${path} (mode 0600). Check it with: licensectl doctor`,
  );
}

function fileExists(path: string) {
  return usageError(
    `${path} already exists; it was left as it is.`,
    "Pass --force to replace it.",
    "file_exists",
  );
}

/**
 * Responses are verified with LicenseSpring's key unless the file names another: an endpoint that is not
 * LicenseSpring's needs its own. Offered from the key it serves at /.well-known (the emulator does), or asked
 * for; without a terminal the served key is taken, and its absence is said.
 */
async function choosePublicKey(ctx: Context, prompter: Prompter, config: Record<string, unknown>) {
  const apiUrl = config.apiUrl;
  if (typeof apiUrl !== "string" || apiUrl === DEFAULT_API_URL || config.publicKey !== undefined) return;
  const served = await servedPublicKey(ctx, apiUrl);
  const fingerprint = served ? `SHA-256 ${served.fingerprint.slice(0, 16)}…` : "";
  if (prompter.interactive) {
    const answer = await prompter.ask("Public key that verifies its answers (path of a PEM file)", {
      flag: SETTINGS.publicKey.env,
      ...(served
        ? { defaultValue: served.pem, defaultLabel: `the key ${served.url} serves, ${fingerprint}` }
        : {}),
    });
    if (answer === served?.pem) config.publicKey = answer;
    else if (answer !== "")
      config.publicKey = answer.includes("-----BEGIN") ? answer : resolve(ctx.io.cwd, answer);
  } else if (served) {
    config.publicKey = served.pem;
    ctx.out.info(`publicKey: the key ${served.url} serves (${fingerprint}).`);
  }
  if (config.publicKey === undefined) {
    ctx.out.warn(
      `no publicKey for ${apiUrl}: its answers will fail verification against LicenseSpring's key. Set ${SETTINGS.publicKey.env} to its PEM file (the emulator prints where it wrote its key).`,
    );
  }
}

/** Values from flags and environment only: a new file is not built from the files it may replace. */
function givenSettings(ctx: Context): ResolvedSettings {
  const { settings } = resolveSettings({
    flags: ctx.globals.settingFlags,
    env: ctx.io.env,
    discovery: { searched: [], files: [] },
  });
  return settings;
}

function fromGiven(given: ResolvedSettings): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const key of INIT_KEYS) {
    const setting = given[key];
    if (setting && setting.source.type !== "default") config[key] = setting.value;
  }
  return config;
}

async function askConfig(prompter: Prompter, given: ResolvedSettings): Promise<Record<string, unknown>> {
  const answers = fromGiven(given);
  const ask = async (key: SettingKey, question: string, fallback?: string) => {
    const current = answers[key] === undefined ? fallback : String(answers[key]);
    const fromEnv = given[key]?.source.type === "env" ? `keep value from ${SETTINGS[key].env}` : undefined;
    const answer = await prompter.ask(question, {
      flag: SETTINGS[key].env,
      secret: isSecret(key),
      ...(current === undefined ? {} : { defaultValue: current }),
      ...(isSecret(key) && fromEnv ? { defaultLabel: fromEnv } : {}),
    });
    if (answer === "") delete answers[key];
    else answers[key] = answer;
    return answer;
  };
  if ((await ask("apiUrl", "License API URL", DEFAULT_API_URL)) === DEFAULT_API_URL) delete answers.apiUrl;
  if (await ask("apiKey", "API key (leave empty to use an OAuth client instead)")) {
    await ask("sharedKey", "Shared key");
  } else {
    await ask("clientId", "OAuth client ID");
    await ask("clientSecret", "OAuth client secret");
  }
  await ask("product", "Product short code");
  if (!(await ask("licenseKey", "License key (leave empty for a user-based license)"))) {
    await ask("username", "License user e-mail");
  }
  return Object.fromEntries(
    INIT_KEYS.filter((key) => answers[key] !== undefined).map((key) => [key, answers[key]]),
  );
}
