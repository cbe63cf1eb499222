import { resolve } from "node:path";
import type { Context } from "../../context.js";
import { type CliError, configError } from "../../core/cli-error.js";
import { writePrivateFile } from "../../core/safe-file.js";
import { isUnspecified, type RunningEmulator, startEmulator } from "../../emulator/server.js";
import type { License } from "../../emulator/state.js";
import { type EmulatorCommandOptions, emulatorSettings, wholeNumber } from "./emulator-options.js";
import { describeFloodLimits } from "./flood-limit-option.js";

const LISTEN_ERRORS = new Set(["EADDRINUSE", "EACCES", "EADDRNOTAVAIL", "ENOTFOUND", "EAI_AGAIN"]);

/** Run the emulator until Ctrl+C (or SIGTERM), then close it cleanly, the data file written. */
export async function runEmulator(ctx: Context, options: EmulatorCommandOptions): Promise<void> {
  const port = wholeNumber(options.port, "--port", 65535);
  const settings = await emulatorSettings(ctx, options);
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({ ...settings, host: options.host, port });
  } catch (error) {
    throw startFailure(error, `${options.host}:${port}`, settings.dataFile);
  }
  const config = emulatorConfig(emulator);
  if (options.writeConfig) {
    const path = resolve(ctx.io.cwd, options.writeConfig);
    try {
      // Private from the start (mode 0600) and atomic: the config holds the emulator's shared key.
      writePrivateFile(path, `${JSON.stringify(config, null, 2)}\n`);
    } catch (error) {
      await emulator.close();
      throw unwritable(error, path, "--write-config") ?? error;
    }
  }
  announce(ctx, emulator, config, options.writeConfig);
  if (emulator.restored) ctx.out.info(`State restored from ${settings.dataFile}.`);
  await untilStopped(ctx.signal);
  ctx.out.info("Stopping the emulator.");
  await emulator.close();
}

/** Why the emulator could not start, as a configuration error when the port or the data file is the cause. */
function startFailure(error: unknown, address: string, dataFile: string | undefined): unknown {
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (code && LISTEN_ERRORS.has(code) && (syscall === "listen" || syscall === "getaddrinfo")) {
    return configError(`Cannot listen on ${address} (${code}).`, "Pick another --port, or 0 for a free one.");
  }
  return (dataFile && unwritable(error, dataFile, "--data")) || error;
}

function unwritable(error: unknown, path: string, flag: string): CliError | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code?.startsWith("E")) return undefined;
  return configError(
    `Cannot write ${path} (${code}).`,
    `Check that its directory exists and is writable, or give ${flag} another path.`,
  );
}

/**
 * A ready licensectl config pointing at this emulator (its own credentials, not real secrets), for the
 * first license that works (enabled and active; a key-based one before a user-based one), whatever the
 * seed. A seed without one gets a config without a license key or username, which licensectl then asks for.
 */
export function emulatorConfig(emulator: RunningEmulator): Record<string, string> {
  const [apiKey] = emulator.state.apiKeys.values();
  const [managementApiKey] = emulator.state.managementApiKeys;
  if (!apiKey || !managementApiKey) throw new Error("the emulator has no API key");
  const usable = usableLicenses(emulator);
  const license = usable.find((l) => l.licenseKey) ?? usable[0];
  const product = license?.product ?? [...emulator.state.products.keys()][0];
  return {
    apiUrl: emulator.apiUrl,
    tokenUrl: emulator.tokenUrl,
    apiKey: apiKey.apiKey,
    sharedKey: apiKey.sharedKey,
    ...(product === undefined ? {} : { product }),
    ...(license?.licenseKey ? { licenseKey: license.licenseKey } : {}),
    ...(license?.username && !license.licenseKey ? { username: license.username } : {}),
    publicKey: emulator.publicKeyPem,
    managementUrl: emulator.managementUrl,
    managementApiKey,
  };
}

function usableLicenses(emulator: RunningEmulator): License[] {
  return emulator.state.licenses.filter((license) => license.enabled && license.active);
}

const SHOWN_LICENSES = 4;

/** The licenses a user can try, as the banner lists them: `product "demo": license key K; user U`. */
function licensesLine(emulator: RunningEmulator): string {
  const usable = usableLicenses(emulator);
  if (usable.length === 0) return "no enabled and active license in the seed";
  const byProduct = new Map<string, string[]>();
  for (const license of usable.slice(0, SHOWN_LICENSES)) {
    const identity = license.licenseKey ? `license key ${license.licenseKey}` : `user ${license.username}`;
    byProduct.set(license.product, [...(byProduct.get(license.product) ?? []), identity]);
  }
  const more = usable.length > SHOWN_LICENSES ? `; and ${usable.length - SHOWN_LICENSES} more` : "";
  return [...byProduct].map(([product, ids]) => `product "${product}": ${ids.join("; ")}`).join(", ") + more;
}

function announce(
  ctx: Context,
  emulator: RunningEmulator,
  config: Record<string, string>,
  written?: string,
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
        configFile: written ? resolve(ctx.io.cwd, written) : null,
      }),
    );
    return;
  }
  const lines = [
    listeningLine(emulator),
    `  License API  ${emulator.apiUrl}`,
    `  OAuth token  ${emulator.tokenUrl}${client ? `  (clientId ${client[0]}, clientSecret ${client[1]})` : ""}`,
    `  Management   ${emulator.managementUrl}  (Api-Key ${config.managementApiKey})`,
    `  Licenses     ${licensesLine(emulator)}`,
    `  Flood limits ${describeFloodLimits(emulator.floodLimits)}${emulator.floodLimits ? " (429 + Retry-After past them; --flood-limit off removes them)" : ""}`,
    "",
    written
      ? `Config written to ${resolve(ctx.io.cwd, written)}; use it with: licensectl --config ${written} vars list`
      : "A config for it (save as .licensectlrc.json, or pass --write-config <path>):",
  ];
  if (!written) lines.push(JSON.stringify(config, null, 2));
  lines.push("", "Press Ctrl+C to stop.");
  ctx.out.result(lines.join("\n"));
}

/** Bound to 0.0.0.0 or ::, it says so: the origin shown is the loopback one that licensectl can use. */
function listeningLine(emulator: RunningEmulator): string {
  const bound = isUnspecified(emulator.boundAddress)
    ? ` (bound to ${emulator.boundAddress}: every interface)`
    : "";
  return `licensectl emulator listening on ${emulator.origin}${bound}`;
}

function untilStopped(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
