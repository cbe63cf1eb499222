import { randomBytes } from "node:crypto";

/**
 * The emulator's data, in the same form as a seed file (`--seed`): what the License API side needs to
 * answer like the real service.
 */
export interface Seed {
  apiKeys?: Array<{ apiKey?: string; sharedKey?: string; readOnly?: boolean; revoked?: boolean }>;
  oauthClients?: Array<{ clientId?: string; clientSecret?: string }>;
  /** Keys the Management API accepts as `Authorization: Api-Key <key>`. */
  managementApiKeys?: string[];
  products: Array<{ code: string; name?: string }>;
  licenses: SeedLicense[];
  /** The private key that signs responses (PKCS#8 PEM), kept by `--data` so a restart keeps the public key. */
  signingKey?: string;
}

export interface SeedLicense {
  id?: number;
  product: string;
  licenseKey?: string;
  username?: string;
  enabled?: boolean;
  active?: boolean;
  devices?: SeedDevice[];
}

export interface SeedDevice {
  id?: number;
  hardwareId: string;
  active?: boolean;
  blacklisted?: boolean;
  /** Details the Management API shows; the License API ignores them. */
  os?: string;
  hostname?: string;
  appVer?: string;
  /** Unix milliseconds. */
  lastCheck?: number;
  /** name → value (or the stored form, as `--data` snapshots write it); the service keeps strings. */
  variables?: Record<string, SeedValue | { id?: number; value: SeedValue; createdAt?: number }>;
}

type SeedValue = string | number | boolean;

export interface ApiKey {
  readonly apiKey: string;
  readonly sharedKey: string;
  readonly readOnly: boolean;
  readonly revoked: boolean;
}

export interface StoredVariable {
  readonly id: number;
  readonly value: string;
  /** Unix milliseconds. */
  readonly createdAt: number;
}

export interface Device {
  readonly id: number;
  readonly hardwareId: string;
  active: boolean;
  blacklisted: boolean;
  readonly details: DeviceDetails;
  readonly variables: Map<string, StoredVariable>;
}

/** What the Management API shows of a device beyond its ID and state (as the seed gave it). */
export interface DeviceDetails {
  readonly os?: string;
  readonly hostname?: string;
  readonly appVer?: string;
  readonly lastCheck?: number;
}

export interface License {
  readonly id: number;
  readonly product: string;
  readonly licenseKey: string | undefined;
  readonly username: string | undefined;
  enabled: boolean;
  active: boolean;
  readonly devices: Device[];
}

export interface State {
  readonly apiKeys: Map<string, ApiKey>;
  readonly oauthClients: Map<string, string>;
  readonly managementApiKeys: Set<string>;
  /** By short code; `id` is the product's numeric ID (what `product_details` answers as `product_id`). */
  readonly products: Map<string, { code: string; name: string; id: number }>;
  readonly licenses: License[];
  nextVariableId: number;
}

const secret = (bytes: number) => randomBytes(bytes).toString("base64url");

/** Build the live state; credentials missing from the seed are generated. */
export function createState(seed: Seed, now: number): State {
  const state: State = {
    apiKeys: new Map(),
    oauthClients: new Map(),
    managementApiKeys: new Set(
      seed.managementApiKeys?.length ? seed.managementApiKeys : [`emu-mgmt-${secret(18)}`],
    ),
    products: new Map(),
    licenses: [],
    nextVariableId: 1,
  };
  const apiKeys = seed.apiKeys?.length ? seed.apiKeys : [{}];
  for (const key of apiKeys) {
    const apiKey = key.apiKey ?? `emu-${secret(12)}`;
    state.apiKeys.set(apiKey, {
      apiKey,
      sharedKey: key.sharedKey ?? secret(30),
      readOnly: key.readOnly === true,
      revoked: key.revoked === true,
    });
  }
  const clients = seed.oauthClients?.length ? seed.oauthClients : [{}];
  for (const client of clients) {
    state.oauthClients.set(client.clientId ?? `emu-client-${secret(6)}`, client.clientSecret ?? secret(24));
  }
  for (const [index, product] of seed.products.entries()) {
    state.products.set(product.code, {
      code: product.code,
      name: product.name ?? product.code,
      id: 901 + index,
    });
  }
  let nextLicenseId = 1001;
  for (const license of seed.licenses) {
    state.licenses.push({
      id: license.id ?? nextLicenseId++,
      product: license.product,
      licenseKey: license.licenseKey,
      username: license.username,
      enabled: license.enabled !== false,
      active: license.active !== false,
      devices: (license.devices ?? []).map((device) => ({
        id: device.id ?? newDeviceId(),
        hardwareId: device.hardwareId,
        active: device.active !== false,
        blacklisted: device.blacklisted === true,
        details: deviceDetails(device),
        variables: new Map(
          Object.entries(device.variables ?? {}).map(([name, entry]) => {
            const stored = typeof entry === "object" ? entry : { value: entry };
            const id = stored.id ?? state.nextVariableId;
            state.nextVariableId = Math.max(state.nextVariableId, id + 1);
            return [name, { id, value: String(stored.value), createdAt: stored.createdAt ?? now }];
          }),
        ),
      })),
    });
  }
  return state;
}

function deviceDetails(device: SeedDevice): DeviceDetails {
  const { os, hostname, appVer, lastCheck } = device;
  return {
    ...(os !== undefined ? { os } : {}),
    ...(hostname !== undefined ? { hostname } : {}),
    ...(appVer !== undefined ? { appVer } : {}),
    ...(lastCheck !== undefined ? { lastCheck } : {}),
  };
}

/** Device IDs look like the service's: 16-digit integers, still exact in a JS number. */
export function newDeviceId(): number {
  return 1_000_000_000_000_000 + Number(randomBytes(8).readBigUInt64BE() % 8_000_000_000_000_000n);
}

/** The state back in seed form (for `--data` snapshots and for printing). */
export function toSeed(state: State): Seed {
  return {
    apiKeys: [...state.apiKeys.values()].map((k) => ({ ...k })),
    oauthClients: [...state.oauthClients].map(([clientId, clientSecret]) => ({ clientId, clientSecret })),
    managementApiKeys: [...state.managementApiKeys],
    products: [...state.products.values()].map((p) => ({ ...p })),
    licenses: state.licenses.map((license) => ({
      id: license.id,
      product: license.product,
      ...(license.licenseKey !== undefined ? { licenseKey: license.licenseKey } : {}),
      ...(license.username !== undefined ? { username: license.username } : {}),
      enabled: license.enabled,
      active: license.active,
      devices: license.devices.map((device) => ({
        id: device.id,
        hardwareId: device.hardwareId,
        active: device.active,
        blacklisted: device.blacklisted,
        ...device.details,
        variables: Object.fromEntries(
          [...device.variables].map(([name, v]) => [
            name,
            { id: v.id, value: v.value, createdAt: v.createdAt },
          ]),
        ),
      })),
    })),
  };
}
