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
