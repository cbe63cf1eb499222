import type { KeyObject } from "node:crypto";
import { hmacAuthorization } from "../../src/api/auth.js";
import {
  type EmulatorOptions,
  generateSigningKeys,
  type RunningEmulator,
  startEmulator,
} from "../../src/emulator/server.js";
import type { Seed } from "../../src/emulator/state.js";

export const API_KEY = "test-api-key-7f3c";
export const SHARED_KEY = "test-shared-key-5b9d2e71";
export const READONLY_API_KEY = "test-readonly-key-1a2b";
export const READONLY_SHARED_KEY = "test-readonly-shared-9c8d";
export const CLIENT_ID = "test-client";
export const CLIENT_SECRET = "test-client-secret-4e6a0f";
export const MANAGEMENT_API_KEY = "test-management-key-3d8e1b";
export const PRODUCT = "demo";
export const LICENSE_KEY = "TEST-AAAA-BBBB-CCCC";
export const USERNAME = "ci+tester@example.com";
export const HWID = "hw-0001-test";
export const EMPTY_HWID = "hw-0002-empty";
export const BLACKLISTED_HWID = "hw-0666-blacklisted";

/** A fixed seed so tests can name every credential and device. */
export function testSeed(): Seed {
  return {
    apiKeys: [
      { apiKey: API_KEY, sharedKey: SHARED_KEY },
      { apiKey: READONLY_API_KEY, sharedKey: READONLY_SHARED_KEY, readOnly: true },
    ],
    oauthClients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
    managementApiKeys: [MANAGEMENT_API_KEY],
    products: [{ code: PRODUCT, name: "Demo" }],
    licenses: [
      {
        id: 1001,
        product: PRODUCT,
        licenseKey: LICENSE_KEY,
        devices: [
          {
            id: 1698663677416479,
            hardwareId: HWID,
            variables: { region: "eu-west", "10": "ten", "9": "nine" },
          },
          { id: 1698663677416480, hardwareId: EMPTY_HWID },
          { id: 1698663677416481, hardwareId: BLACKLISTED_HWID, blacklisted: true },
        ],
      },
      {
        id: 1002,
        product: PRODUCT,
        username: USERNAME,
        devices: [{ id: 1698663677416500, hardwareId: HWID, variables: { plan: "team" } }],
      },
      { id: 1003, product: PRODUCT, licenseKey: "TEST-DISABLED", enabled: false },
      { id: 1004, product: PRODUCT, licenseKey: "TEST-INACTIVE", active: false },
    ],
  };
}

let keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
const running: RunningEmulator[] = [];
/** Close the emulators started so far (after each test file: test/helpers/after-each-file.ts). */
export async function closeTestEmulators(): Promise<void> {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
}

/**
 * Start an emulator on 127.0.0.1, a random port (faults, clock, data file as asked), recording the requests
 * it answers; closed after the file.
 */
export async function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  keys ??= generateSigningKeys();
  const emulator = await startEmulator({
    seed: options.seed ?? testSeed(),
    keyPair: keys,
    recordRequests: true,
    ...options,
  });
  running.push(emulator);
  return emulator;
}

/** The environment for OAuth client credentials against an emulator (its own token endpoint). */
export function oauthEnv(emulator: RunningEmulator): Record<string, string> {
  return apiKeyEnv(emulator, {
    LICENSECTL_API_KEY: "",
    LICENSECTL_SHARED_KEY: "",
    LICENSECTL_CLIENT_ID: CLIENT_ID,
    LICENSECTL_CLIENT_SECRET: CLIENT_SECRET,
    LICENSECTL_TOKEN_URL: emulator.tokenUrl,
  });
}

/** The environment that points licensectl at an emulator with API-key auth and the key-based license. */
export function apiKeyEnv(
  emulator: RunningEmulator,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    LICENSECTL_API_URL: emulator.apiUrl,
    LICENSECTL_API_KEY: API_KEY,
    LICENSECTL_SHARED_KEY: SHARED_KEY,
    LICENSECTL_PUBLIC_KEY: emulator.publicKeyPem,
    LICENSECTL_PRODUCT: PRODUCT,
    LICENSECTL_LICENSE_KEY: LICENSE_KEY,
    LICENSECTL_HARDWARE_ID: HWID,
    ...extra,
  };
}

/** The environment for Management API commands against an emulator: its URL and key, and one hardware ID. */
export function managementEnv(
  emulator: RunningEmulator,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    LICENSECTL_MANAGEMENT_URL: emulator.managementUrl,
    LICENSECTL_MANAGEMENT_API_KEY: MANAGEMENT_API_KEY,
    LICENSECTL_HARDWARE_ID: HWID,
    ...extra,
  };
}

/** A License API request signed like licensectl signs it, sent with Node's fetch (many clients at once). */
export function signedRequest(
  emulator: RunningEmulator,
  path: string,
  init: { method?: "GET" | "POST"; body?: string; query?: Record<string, string> } = {},
): Promise<Response> {
  const date = new Date().toUTCString();
  const query = init.query ? `?${new URLSearchParams(init.query)}` : "";
  return fetch(`${emulator.apiUrl}/${path}${query}`, {
    method: init.method ?? "GET",
    headers: {
      Date: date,
      Authorization: hmacAuthorization(API_KEY, SHARED_KEY, date),
      "Content-Type": "application/json",
    },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

/** The License API identity fields of a device of the key-based test license. */
export function deviceIdentity(hardwareId: string = HWID): Record<string, string> {
  return { product: PRODUCT, hardware_id: hardwareId, license_key: LICENSE_KEY };
}
