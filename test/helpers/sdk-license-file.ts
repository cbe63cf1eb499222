import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * License files written by LicenseSpring's own Node SDK (@licensespring/node-sdk, a dev dependency): the
 * oracle for what licensectl reads. Its LicenseFile class is constructed directly, as the SDK's
 * LicenseManager does: its constructor only hashes the fileKey and makes an empty LicenseData; it loads no
 * native hardware-ID library and sends nothing (the LicenseManager would, so it is not used). The SDK
 * declares no "exports", so its classes are reached by their dist/ path, in tests only: nothing in src/
 * imports the SDK.
 */
interface SdkLicenseData {
  updateActivationData(response: Record<string, unknown>): void;
}
interface SdkLicenseFile {
  readonly licenseDataCache: Record<string, SdkLicenseData>;
  saveLicenseFile(): void;
}
type SdkLicenseFileClass = new (config: Record<string, unknown>, hardwareID: string) => SdkLicenseFile;

const require = createRequire(import.meta.url);
const LicenseFile = (
  require("@licensespring/node-sdk/dist/src/license-file.js") as { default: SdkLicenseFileClass }
).default;

export interface SdkActivation {
  /** The app's filePath and filename: the SDK writes <filePath>/<filename>.key. */
  readonly filePath: string;
  readonly filename?: string;
  readonly fileKey: string;
  readonly product: string;
  /** What the app passed as hardwareID, or what the SDK's hardwareIDMethod gave it. */
  readonly hardwareId: string;
  /** The activate_license answer the SDK stores: license_key or user, id, and the rest. */
  readonly license: Record<string, unknown>;
}

/** Save an activation as the SDK's LicenseManager.activateLicense does; returns the file's path. */
export function writeSdkLicenseFile(activation: SdkActivation): string {
  const filename = activation.filename ?? "License";
  const file = new LicenseFile(
    {
      productCode: activation.product,
      fileKey: activation.fileKey,
      filePath: activation.filePath,
      filename,
      gracePeriod: 24,
      isGuardFileEnabled: false,
    },
    activation.hardwareId,
  );
  const data = file.licenseDataCache[activation.product];
  if (!data) throw new Error("the SDK made no LicenseData for the product");
  data.updateActivationData(activation.license);
  file.saveLicenseFile();
  return join(activation.filePath, `${filename}.key`);
}

/** An activate_license answer for a key-based license, shaped as the License API sends it. */
export function keyActivation(id: number, licenseKey: string): Record<string, unknown> {
  return {
    id,
    license_key: licenseKey,
    license_type: "perpetual",
    license_active: true,
    license_enabled: true,
    is_trial: false,
    max_activations: 5,
    times_activated: 1,
    product_details: { product_id: 7, product_name: "Demo", short_code: "demo" },
    product_features: [],
    variables: [],
  };
}

/** An activate_license answer for a user-based license. */
export function userActivation(id: number, email: string): Record<string, unknown> {
  return {
    ...keyActivation(id, ""),
    license_key: undefined,
    user: { id: 55, email, first_name: "", last_name: "", is_initial_password: false },
  };
}
