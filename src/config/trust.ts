import { configError } from "../core/cli-error.js";
import { flagName } from "./resolve.js";
import { SETTINGS, type SettingKey } from "./schema.js";
import { describeSource, type Resolved, type Source } from "./source.js";

/** The project config file a value came from: one found by searching the working directory upwards. */
function projectFile(source: Source): string | undefined {
  return (source.type === "file" || source.type === "profile") && source.scope === "project"
    ? source.file
    : undefined;
}

const sameFile = (a: Source, file: string) => (a.type === "file" || a.type === "profile") && a.file === file;

/**
 * A project config file is whatever sits in the working directory or a parent: perhaps a checkout someone
 * else wrote. It may choose where its *own* credentials go, but not send credentials configured elsewhere
 * (flags, environment, the user file) to an endpoint of its choosing: that would hand an API key and a
 * replayable signature, a client secret, or a management key to whoever wrote the file.
 */
export function assertTrustedEndpoint(
  key: SettingKey,
  endpoint: Resolved<string>,
  secrets: ReadonlyArray<readonly [SettingKey, Resolved<unknown> | undefined]>,
): void {
  const file = projectFile(endpoint.source);
  if (!file) return;
  const elsewhere = secrets.filter(
    (entry): entry is readonly [SettingKey, Resolved<unknown>] =>
      entry[1] !== undefined && !sameFile(entry[1].source, file),
  );
  if (elsewhere.length === 0) return;
  const credentials = elsewhere
    .map(([name, secret]) => `${name} (${describeSource(secret.source)})`)
    .join(", ");
  const flag = flagName(key) ? `${flagName(key)}, ` : "";
  throw configError(
    `${key} ${endpoint.value} comes from ${describeSource(endpoint.source)}, but the credentials it would receive do not: ${credentials}. licensectl does not send credentials to an endpoint that a project config file chose.`,
    `If you trust that endpoint, set ${key} where your credentials are (${flag}${SETTINGS[key].env}, or your user config), or name the file with --config.`,
    "untrusted_endpoint",
  );
}

/**
 * The same rule for what verifies answers: a project file may not turn verification off
 * (`verifySignature: false`) or choose the key answers are checked against (`publicKey`) for credentials
 * configured elsewhere; whoever wrote it could then answer in the API's name.
 */
export function assertTrustedVerification(
  verification: ReadonlyArray<readonly [SettingKey, Resolved<unknown> | undefined]>,
  secrets: ReadonlyArray<readonly [SettingKey, Resolved<unknown> | undefined]>,
): void {
  for (const [key, setting] of verification) {
    const file = setting && projectFile(setting.source);
    if (!file || (key === "verifySignature" && setting.value !== false)) continue;
    const elsewhere = secrets.filter(([, secret]) => secret !== undefined && !sameFile(secret.source, file));
    if (elsewhere.length === 0) continue;
    const credentials = elsewhere
      .map(([name, secret]) => `${name} (${describeSource((secret as Resolved<unknown>).source)})`)
      .join(", ");
    const what =
      key === "verifySignature"
        ? "turns signature verification off"
        : "chooses the key that verifies answers";
    throw configError(
      `${key} in ${describeSource(setting.source)} ${what}, but the credentials in use do not come from that file: ${credentials}. licensectl does not let a project config file weaken verification for credentials set elsewhere.`,
      `If you trust it, set ${key} where your credentials are (${flagName(key) ? `${flagName(key)}, ` : ""}${SETTINGS[key].env}, or your user config), or name the file with --config; otherwise remove it from that file.`,
      "untrusted_verification",
    );
  }
}

/**
 * The same rule for identity: a run whose endpoint a project file chose sends it only the identity (license
 * key, username, hardware ID) of that file or of flags. A throw-away project file with its own apiKey,
 * apiUrl and `verifySignature: false` would otherwise learn the user's license key (user config), user name
 * (environment) and this machine's hardware ID. `identity` holds what the request would name; a value not
 * set anywhere (a derived hardware ID) counts as coming from elsewhere.
 */
export function assertTrustedIdentity(
  key: SettingKey,
  endpoint: Resolved<string>,
  identity: ReadonlyArray<readonly [SettingKey, Resolved<unknown> | undefined]>,
): void {
  const file = projectFile(endpoint.source);
  if (!file) return;
  const elsewhere = identity.filter(
    (entry): entry is readonly [SettingKey, Resolved<unknown>] =>
      entry[1] !== undefined && entry[1].source.type !== "flag" && !sameFile(entry[1].source, file),
  );
  if (elsewhere.length === 0) return;
  const named = elsewhere.map(([name, value]) => `${name} (${describeSource(value.source)})`).join(", ");
  throw configError(
    `${key} ${endpoint.value} comes from ${describeSource(endpoint.source)}, but the identity the request would name does not: ${named}. licensectl sends an endpoint a project config file chose only the identity of that file or of flags.`,
    `If you trust that endpoint, pass the identity as flags (--license-key or --username, --hardware-id) or set it in that file; or set ${key} where your identity is (${SETTINGS[key].env}, or your user config).`,
    "untrusted_identity",
  );
}
