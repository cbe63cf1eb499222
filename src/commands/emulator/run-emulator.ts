import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type CliError, configError, usageError } from "../../core/cli-error.js";
import { createPrivateFile, writePrivateFile } from "../../core/safe-file.js";
import { type RunningEmulator, startEmulator } from "../../emulator/server.js";
import type { License } from "../../emulator/state.js";
import { announce, publicKeyPath, type WrittenFiles } from "./emulator-banner.js";
import { emulatorSettings, wholeNumber } from "./emulator-options.js";
import type { EmulatorInput } from "./verb.js";

const LISTEN_ERRORS = new Set(["EADDRINUSE", "EACCES", "EADDRNOTAVAIL", "ENOTFOUND", "EAI_AGAIN"]);

/** Run the emulator until Ctrl+C (or SIGTERM), then close it cleanly, the data file written. */
export async function runEmulator({ ctx, flags: options }: EmulatorInput): Promise<void> {
  const port = wholeNumber(options.port, "--port", 65535);
  const configPath = options.writeConfig && resolve(ctx.io.cwd, options.writeConfig);
  const keyPath = options.writeConfig && publicKeyPath(ctx.io.cwd, options.writeConfig);
  if (configPath && !options.force && existsSync(configPath)) throw configExists(configPath);
  // The key file next to it is never replaced without --force either: it may be a key someone relies on.
  if (keyPath && !options.force && existsSync(keyPath)) throw configExists(keyPath);
  const settings = await emulatorSettings(ctx, options);
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({ ...settings, host: options.host, port });
  } catch (error) {
    throw startFailure(error, `${options.host}:${port}`, settings.dataFile);
  }
  const config = emulatorConfig(emulator);
  let written: WrittenFiles | undefined;
  if (configPath && options.writeConfig) {
    written = { config: configPath, publicKey: publicKeyPath(ctx.io.cwd, options.writeConfig) };
    try {
      // Private from the start (mode 0600) and atomic: the config holds the emulator's shared key. Never over
      // an existing file without --force (exclusive create: also not one that appeared since the check).
      const text = `${JSON.stringify(config, null, 2)}\n`;
      if (options.force) writePrivateFile(configPath, text);
      else createPrivateFile(configPath, text);
      // The key that verifies its answers, as a file to hand to any other client (LICENSECTL_PUBLIC_KEY=<path>).
      if (options.force) writePrivateFile(written.publicKey, emulator.publicKeyPem);
      else createKey(written.publicKey, emulator.publicKeyPem);
    } catch (error) {
      await emulator.close();
      if (error instanceof KeyExists) throw configExists(error.path);
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw configExists(configPath);
      throw unwritable(error, configPath, "--write-config") ?? error;
    }
  }
  announce(ctx, emulator, config, written);
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

class KeyExists extends Error {
  constructor(readonly path: string) {
    super(path);
  }
}

/** Exclusive create of the public key file: one that appeared since the check is left as it is. */
function createKey(path: string, pem: string): void {
  try {
    createPrivateFile(path, pem);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new KeyExists(path);
    throw error;
  }
}

function configExists(path: string): CliError {
  return usageError(
    `${path} already exists; it was left as it is (--write-config).`,
    "Pass --force to replace it, or give --write-config another path.",
    "file_exists",
  );
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

function untilStopped(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
