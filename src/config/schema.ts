/**
 * The one table of settings: their types, where each can come from, and whether it is a secret.
 * Everything else (resolution, validation, `config show`, help text) is derived from it.
 */
export type SettingType = "string" | "url" | "integer" | "boolean";

export interface SettingSpec {
  readonly type: SettingType;
  /** Environment variable that sets it. */
  readonly env: string;
  /**
   * Global flag that sets it (commander attribute name), if any. Secrets never have one. A boolean that is on
   * by default is set by the negated flag, `--no-<name>` (see flagName). The program's global flags, their help
   * and their env names are generated from this table (src/commands/global-flags.ts).
   */
  readonly flag?: string;
  /** The flag's value as help shows it: `--timeout <ms>`. */
  readonly placeholder?: string;
  /** Help for a boolean's negated flag (`--no-verify-signature`), which says what turning it off does. */
  readonly negatedHelp?: string;
  /**
   * The flag's one line on `licensectl help globals` when the description is longer (one line per flag, at
   * most 49 columns with an integer's default added). Default: the description, or negatedHelp.
   */
  readonly brief?: string;
  readonly secret?: boolean;
  /**
   * Never taken from a project config file (one found in the working directory or a parent, perhaps written
   * by someone else): only the environment, the user config or a file named with --config. Refused there.
   */
  readonly notInProject?: boolean;
  readonly default?: string | number | boolean;
  /** The only values a string setting accepts. */
  readonly choices?: readonly string[];
  /** Smallest accepted value of an integer setting (default 1). */
  readonly min?: number;
  /** Largest accepted value of an integer setting (default: none beyond a safe integer). */
  readonly max?: number;
  /** Shown in `config show` and help: what the value means. */
  readonly description: string;
}

export const DEFAULT_API_URL = "https://api.licensespring.com/api/v4";
export const DEFAULT_MANAGEMENT_URL = "https://saas.licensespring.com/api/v1";
export const DEFAULT_TOKEN_URL =
  "https://auth.licensespring.com/realms/user-portal/protocol/openid-connect/token";

/** The longest delay a Node timer holds (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * LicenseSpring's documented rate limits (../shared/docs/license-api.md §7): requests per company per rolling
 * minute, per API, shared by every key of the company (the vendor's live apps included). Only the Free and
 * Enterprise figures are published; a plan in between is set with apiBudget / managementBudget.
 */
export const PLAN_BUDGETS = {
  free: { licenseApi: 1_800, managementApi: 600 },
  enterprise: { licenseApi: 18_000, managementApi: 2_400 },
} as const satisfies Record<string, { licenseApi: number; managementApi: number }>;

export type PlanName = keyof typeof PLAN_BUDGETS;

/** The share of the company's budget a run over many devices takes by default, in percent. */
export const DEFAULT_BUDGET_SHARE = 25;

export const SETTINGS = {
  apiUrl: {
    type: "url",
    env: "LICENSECTL_API_URL",
    flag: "apiUrl",
    placeholder: "url",
    default: DEFAULT_API_URL,
    description: "License API base URL",
  },
  apiKey: { type: "string", env: "LICENSECTL_API_KEY", secret: true, description: "License API key" },
  sharedKey: {
    type: "string",
    env: "LICENSECTL_SHARED_KEY",
    secret: true,
    description: "shared key that signs API-key requests (HMAC)",
  },
  clientId: { type: "string", env: "LICENSECTL_CLIENT_ID", description: "OAuth client ID" },
  clientSecret: {
    type: "string",
    env: "LICENSECTL_CLIENT_SECRET",
    secret: true,
    description: "OAuth client secret",
  },
  tokenUrl: {
    type: "url",
    env: "LICENSECTL_TOKEN_URL",
    default: DEFAULT_TOKEN_URL,
    description: "OAuth token endpoint",
  },
  product: {
    type: "string",
    env: "LICENSECTL_PRODUCT",
    flag: "product",
    placeholder: "code",
    description: "product short code",
  },
  licenseKey: {
    type: "string",
    env: "LICENSECTL_LICENSE_KEY",
    flag: "licenseKey",
    placeholder: "key",
    description: "license key, for key-based products",
  },
  username: {
    type: "string",
    env: "LICENSECTL_USERNAME",
    flag: "username",
    placeholder: "email",
    description: "license user's e-mail, for user-based products",
  },
  licenseId: {
    type: "integer",
    env: "LICENSECTL_LICENSE_ID",
    flag: "licenseId",
    placeholder: "id",
    description: "license ID, when a user holds several",
  },
  hardwareId: {
    type: "string",
    env: "LICENSECTL_HARDWARE_ID",
    flag: "hardwareId",
    brief: "device hardware ID (default: this machine's)",
    placeholder: "id",
    description: "device hardware ID; default: derived from this machine",
  },
  hardwareIdMethod: {
    type: "string",
    env: "LICENSECTL_HARDWARE_ID_METHOD",
    flag: "hardwareIdMethod",
    brief: "licensespring (the SDK's rule) or node-machine-id",
    placeholder: "rule",
    default: "licensespring",
    choices: ["licensespring", "node-machine-id"],
    description: "how a hardware ID is derived: licensespring (the SDK's rule) or node-machine-id",
  },
  licenseFile: {
    type: "string",
    env: "LICENSECTL_LICENSE_FILE",
    flag: "licenseFile",
    brief: "the app's license file: product, license, ID",
    placeholder: "path",
    description:
      "the app's license file (LicenseSpring's SDK wrote it): product, license, hardware ID from it",
  },
  licenseFileKey: {
    type: "string",
    env: "LICENSECTL_LICENSE_FILE_KEY",
    secret: true,
    notInProject: true,
    description: "the app's fileKey, which decrypts licenseFile (env or user config only)",
  },
  publicKey: {
    type: "string",
    env: "LICENSECTL_PUBLIC_KEY",
    description: "PEM public key (or path to a PEM file) that verifies LicenseSignature",
  },
  verifySignature: {
    type: "boolean",
    env: "LICENSECTL_VERIFY_SIGNATURE",
    flag: "verifySignature",
    negatedHelp: "do not verify LicenseSignature on responses",
    default: true,
    description: "verify the LicenseSignature of every response",
  },
  timeout: {
    type: "integer",
    env: "LICENSECTL_TIMEOUT",
    flag: "timeout",
    brief: "per request, retries included",
    placeholder: "ms",
    default: 30_000,
    max: MAX_TIMER_MS,
    description: "time budget per request, retries included, in milliseconds",
  },
  retries: {
    type: "integer",
    env: "LICENSECTL_RETRIES",
    flag: "retries",
    brief: "on 429, 502-504 or no answer",
    placeholder: "n",
    default: 3,
    min: 0,
    description: "retries after a connection error, timeout, 429, 502, 503 or 504",
  },
  journal: {
    type: "boolean",
    env: "LICENSECTL_JOURNAL",
    flag: "journal",
    brief: "skip the journal: such a write cannot be undone",
    negatedHelp: "do not read the values before a write: it cannot be undone",
    default: true,
    description:
      "record each change's values before and after in the journal (state directory), for history and undo",
  },
  plan: {
    type: "string",
    env: "LICENSECTL_PLAN",
    flag: "plan",
    brief: "free (default) or enterprise: the rate budget",
    placeholder: "plan",
    default: "free",
    choices: Object.keys(PLAN_BUDGETS),
    description:
      "the company's LicenseSpring plan, whose rate budget runs over many devices share: free (License API 1,800 requests/min, Management API 600) or enterprise (18,000 and 2,400)",
  },
  apiBudget: {
    type: "integer",
    env: "LICENSECTL_API_BUDGET",
    flag: "apiBudget",
    brief: "License API requests/min (default: the plan's)",
    placeholder: "n",
    max: 1_000_000,
    description: "the company's License API budget in requests per minute; default: the plan's",
  },
  managementBudget: {
    type: "integer",
    env: "LICENSECTL_MANAGEMENT_BUDGET",
    flag: "managementBudget",
    brief: "Management API requests/min (default: plan's)",
    placeholder: "n",
    max: 1_000_000,
    description: "the company's Management API budget in requests per minute; default: the plan's",
  },
  budgetShare: {
    type: "integer",
    env: "LICENSECTL_BUDGET_SHARE",
    flag: "budgetShare",
    brief: "% of budget a many-device run takes",
    placeholder: "percent",
    default: DEFAULT_BUDGET_SHARE,
    max: 100,
    description: "percent of the company's budget a run over many devices may use (live apps share the rest)",
  },
  managementApiKey: {
    type: "string",
    env: "LICENSECTL_MANAGEMENT_API_KEY",
    secret: true,
    description: "Management API key (vendor back-office; needed by vars unset)",
  },
  managementUrl: {
    type: "url",
    env: "LICENSECTL_MANAGEMENT_URL",
    default: DEFAULT_MANAGEMENT_URL,
    description: "Management API base URL",
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;

type TypeOf<T extends SettingType> = T extends "integer" ? number : T extends "boolean" ? boolean : string;
export type SettingValue<K extends SettingKey> = TypeOf<(typeof SETTINGS)[K]["type"]>;

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

export function settingSpec(key: SettingKey): SettingSpec {
  return SETTINGS[key];
}

export function isSecret(key: SettingKey): boolean {
  return settingSpec(key).secret === true;
}
