import { resolve } from "node:path";
import type { Context } from "../../context.js";
import { isUnspecified, type RunningEmulator } from "../../emulator/server.js";
import type { License } from "../../emulator/state.js";
import { escapeControl } from "../../output/escape-terminal.js";
import { wrapWords } from "../../output/wrap-words.js";
import { describeFloodLimits } from "./flood-limit-option.js";

/** Where the config and the public key were written, when --write-config was given. */
export interface WrittenFiles {
  readonly config: string;
  readonly publicKey: string;
}

/**
 * What a first-time user and support staff need without reading the source: the URLs and credentials, where
 * the public key is, and every seeded license with every device on it (by hardware ID), then how to use it.
 */
export function announce(
  ctx: Context,
  emulator: RunningEmulator,
  config: Record<string, string>,
  written: WrittenFiles | undefined,
): void {
  const [client] = emulator.state.oauthClients;
  if (ctx.out.json) {
    ctx.out.result(
      JSON.stringify({
        origin: emulator.origin,
        apiUrl: emulator.apiUrl,
        tokenUrl: emulator.tokenUrl,
        managementUrl: emulator.managementUrl,
        config,
        oauth: client ? { clientId: client[0], clientSecret: client[1] } : null,
        configFile: written?.config ?? null,
        publicKeyFile: written?.publicKey ?? null,
        licenses: emulator.state.licenses.map(licenseJson),
      }),
    );
    return;
  }
  const lines = [
    listeningLine(emulator),
    `  License API  ${emulator.apiUrl}`,
    `  OAuth token  ${emulator.tokenUrl}${client ? `  (clientId ${client[0]}, clientSecret ${client[1]})` : ""}`,
    `  Management   ${emulator.managementUrl}  (Api-Key ${config.managementApiKey})`,
    `  Public key   ${written ? written.publicKey : "publicKey in the config below"} (also served as pub_key by ${emulator.apiUrl}/.well-known)`,
    `  Flood limits ${describeFloodLimits(emulator.floodLimits)}${emulator.floodLimits ? " (429 + Retry-After past them; --flood-limit off removes them)" : ""}`,
    "",
    ...licenseLines(emulator.state.licenses),
    "",
    written
      ? `Config written to ${written.config}; use it with: licensectl --config ${written.config} vars list`
      : "A config for it (save as .licensectlrc.json, or pass --write-config <path>):",
  ];
  if (!written) lines.push(JSON.stringify(config, null, 2));
  lines.push("", "Press Ctrl+C to stop.");
  // A seed file is not licensectl's own text (licenses, hardware IDs, the management key and OAuth client it
  // names, the config made from them): every line is escaped like any foreign string, then wrapped.
  const width = ctx.out.tableWidth;
  const escaped = lines.join("\n").split("\n").map(escapeControl);
  ctx.out.result(escaped.map((line) => wrapWords(line, width, hangingIndent(line))).join("\n"));
}

/** The labels of the URL lines ("  License API  …"): a wrapped one continues under its value. */
const LABELLED = /^ {2}(License API|OAuth token|Management |Public key |Flood limits) /;
const VALUE_COLUMN = 15;

/** Where a wrapped banner line continues: under its value, or two columns right of where it starts. */
function hangingIndent(line: string): number {
  return LABELLED.test(line) ? VALUE_COLUMN : (/^ */.exec(line)?.[0].length ?? 0) + 2;
}

/** The PEM file's path: next to the config, named after it (emulator.json → emulator.public-key.pem). */
export function publicKeyPath(cwd: string, configPath: string): string {
  return resolve(cwd, configPath).replace(/(\.[^./\\]*)?$/, ".public-key.pem");
}

/** A seed of many licenses (`--devices N`) is summed up after this many; `--json` lists them all. */
const SHOWN_LICENSES = 12;

/** `Licenses:` then one line per license and one per device under it, full hardware IDs (to copy). */
function licenseLines(all: readonly License[]): string[] {
  if (all.length === 0) return ["Licenses: none in the seed."];
  const licenses = all.slice(0, SHOWN_LICENSES);
  const idWidth = Math.max(...licenses.map((l) => String(l.id).length));
  const lines = ["Licenses (license ID, product, key or user; then each device's hardware ID):"];
  for (const license of licenses) {
    const who = license.licenseKey ? `license key ${license.licenseKey}` : `user ${license.username}`;
    const state = [license.enabled ? "" : "disabled", license.active ? "" : "not active"].filter(Boolean);
    const note = state.length > 0 ? `  (${state.join(", ")})` : "";
    lines.push(`  ${String(license.id).padEnd(idWidth)}  product "${license.product}"  ${who}${note}`);
    for (const device of license.devices) {
      const count = device.variables.size;
      const flags = [
        device.blacklisted ? "blacklisted" : "",
        device.active ? "" : "not active",
        `${count} variable${count === 1 ? "" : "s"}`,
      ].filter(Boolean);
      lines.push(`  ${" ".repeat(idWidth)}    device ${device.hardwareId}  (${flags.join(", ")})`);
    }
    if (license.devices.length === 0) lines.push(`  ${" ".repeat(idWidth)}    no devices`);
  }
  const more = all.length - licenses.length;
  if (more > 0)
    lines.push(
      `  … and ${more} more license${more === 1 ? "" : "s"} (\`licensectl emulator --json\` lists every one)`,
    );
  return lines;
}

function licenseJson(license: License) {
  return {
    id: license.id,
    product: license.product,
    licenseKey: license.licenseKey ?? null,
    username: license.username ?? null,
    enabled: license.enabled,
    active: license.active,
    devices: license.devices.map((d) => ({
      hardwareId: d.hardwareId,
      active: d.active,
      blacklisted: d.blacklisted,
      variables: d.variables.size,
    })),
  };
}

/** Bound to 0.0.0.0 or ::, it says so: the origin shown is the loopback one that licensectl can use. */
function listeningLine(emulator: RunningEmulator): string {
  const bound = isUnspecified(emulator.boundAddress)
    ? ` (bound to ${emulator.boundAddress}: every interface)`
    : "";
  return `licensectl emulator listening on ${emulator.origin}${bound}`;
}
