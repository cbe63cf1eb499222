import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { userConfigDir } from "../../../config/files.js";
import { CONFIG_SCHEMA_URL } from "../../../config/json-schema.js";
import { type ResolvedSettings, resolveSettings } from "../../../config/resolve.js";
import {
  DEFAULT_API_URL,
  DEFAULT_MANAGEMENT_URL,
  isSecret,
  SETTINGS,
  type SettingKey,
} from "../../../config/schema.js";
import type { Context } from "../../../context.js";
import { usageError } from "../../../core/cli-error.js";
import { createPrivateFile, writePrivateFile } from "../../../core/safe-file.js";
import { createPrompter, type Prompter } from "../../../terminal/prompt.js";
import { servedPublicKey } from "./served-public-key.js";
import type { ConfigInitInput } from "./verb.js";

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
  "managementUrl",
  "managementApiKey",
  "publicKey",
];

/**
 * What a file must hold for `vars list` to work from it alone, each with what to pass instead of a prompt:
 * credentials (an API key and shared key, or an OAuth client), the product, and a license.
 */
const REQUIRED: ReadonlyArray<{
  readonly what: string;
  readonly met: (config: Record<string, unknown>) => boolean;
  readonly pass: string;
}> = [
  {
    what: "credentials",
    met: (c) =>
      (c.apiKey !== undefined && c.sharedKey !== undefined) ||
      (c.clientId !== undefined && c.clientSecret !== undefined),
    pass: "--api-key and --shared-key (LICENSECTL_API_KEY, LICENSECTL_SHARED_KEY), or --client-id and --client-secret",
  },
  { what: "product", met: (c) => c.product !== undefined, pass: "--product <code> (LICENSECTL_PRODUCT)" },
  {
    what: "license",
    met: (c) => c.licenseKey !== undefined || c.username !== undefined,
    pass: "--license-key <key> (LICENSECTL_LICENSE_KEY) or --username <email> (LICENSECTL_USERNAME)",
  },
];

/**
 * Write the user config file: from prompts on a terminal (defaults taken from flags and environment), or
 * from flags and environment alone otherwise. 0600 from the start, atomic, never over a file without --force.
 */
export async function runConfigInit({ ctx, flags: options }: ConfigInitInput): Promise<void> {
  const path = join(userConfigDir(ctx.io.env, ctx.io.homedir), "config.json");
  if (existsSync(path) && !options.force) throw fileExists(path);
  const given = givenSettings(ctx);
  const prompter = createPrompter(ctx.io, ctx.globals.input);
  let config: Record<string, unknown>;
  try {
    config = prompter.interactive ? await askConfig(ctx, prompter, given) : fromGiven(given);
    if (!prompter.interactive) refuseIncomplete(config);
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
function givenSettings(ctx: Pick<Context, "io" | "globals">): ResolvedSettings {
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

/**
 * Without a terminal, a file that could not work is not written (exit 2): the flags and variables that would
 * complete it are named. An empty file is "nothing to write", said by the caller.
 */
function refuseIncomplete(config: Record<string, unknown>): void {
  if (Object.keys(config).length === 0) return;
  const missing = REQUIRED.filter((r) => !r.met(config));
  if (missing.length === 0) return;
  throw usageError(
    `config init did not write the file: it would lack ${missing.map((m) => m.what).join(", ")}, so no command could use it.`,
    `Pass ${missing.map((m) => m.pass).join("; ")}; or run it in a terminal to be asked.`,
    "incomplete_config",
  );
}

async function askConfig(
  ctx: Context,
  prompter: Prompter,
  given: ResolvedSettings,
): Promise<Record<string, unknown>> {
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
  /** A question that has no empty answer: asked again, saying why, until it gets one (Ctrl+C stops). */
  const require = async (key: SettingKey, question: string, why: string) => {
    for (;;) {
      const answer = await ask(key, question);
      if (answer !== "") return answer;
      ctx.out.info(`  ${why}`);
    }
  };
  if ((await ask("apiUrl", "License API URL", DEFAULT_API_URL)) === DEFAULT_API_URL) delete answers.apiUrl;
  if (await ask("apiKey", "API key (leave empty to use an OAuth client instead)")) {
    await require("sharedKey", "Shared key", "Required with an API key: the shared key signs every request.");
  } else {
    const oauth = "Required without an API key: the OAuth client gets the token every request carries.";
    await require("clientId", "OAuth client ID", oauth);
    await require("clientSecret", "OAuth client secret", oauth);
  }
  await require("product", "Product short code", "Required: the product's short code in the LicenseSpring platform.");
  if (!(await ask("licenseKey", "License key (leave empty for a user-based license)"))) {
    await require("username", "License user e-mail", "Required without a license key: a call names one license.");
  }
  ctx.out.info(
    "The Management API key is optional: `vars unset` and `devices list` need it (the License API cannot delete or list); other commands do not.",
  );
  if (await ask("managementApiKey", "Management API key (leave empty to skip)")) {
    const fallback = managementUrlFor(answers.apiUrl);
    const url = await ask("managementUrl", "Management API URL", fallback);
    if (url === DEFAULT_MANAGEMENT_URL) delete answers.managementUrl;
  }
  return Object.fromEntries(
    INIT_KEYS.filter((key) => answers[key] !== undefined).map((key) => [key, answers[key]]),
  );
}

/**
 * The Management API URL to offer: LicenseSpring's for LicenseSpring's License API; for another endpoint
 * (the emulator) the same origin's /api/v1, where the emulator serves it.
 */
function managementUrlFor(apiUrl: unknown): string {
  if (typeof apiUrl !== "string" || apiUrl === DEFAULT_API_URL) return DEFAULT_MANAGEMENT_URL;
  return /\/api\/v4\/?$/.test(apiUrl) ? apiUrl.replace(/\/api\/v4\/?$/, "/api/v1") : DEFAULT_MANAGEMENT_URL;
}
