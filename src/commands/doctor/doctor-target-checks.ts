import type { ResolvedSettings } from "../../config/resolve.js";
import { describeSource } from "../../config/source.js";
import { compareFileHardwareId } from "../../hardware-id/compare-file-id.js";
import { hardwareIdMethod, resolveHardwareId } from "../../hardware-id/resolve-hardware-id.js";
import type { LicenseFileUse } from "../../license-file/apply-license-file.js";
import { resolveLicenseTarget } from "../../sessions/device-target.js";
import { type CheckResult, failed } from "./doctor-results.js";

/** The product and the one license a command would name, and where each came from. */
export function checkProductAndLicense(settings: ResolvedSettings): CheckResult {
  try {
    const { product, license } = resolveLicenseTarget(settings);
    const id = settings.licenseId;
    const parts = [
      `product ${JSON.stringify(product.value)} (${describeSource(product.source)})`,
      `${license.kind} ${JSON.stringify(license.value)} (${describeSource(license.source)})`,
      ...(id ? [`license ID ${id.value} (${describeSource(id.source)})`] : []),
    ];
    return { name: "product and license", status: "ok", detail: parts.join(", ") };
  } catch (error) {
    return failed("product and license", error);
  }
}

/** The hardware ID a command would send, and the rule that derived it: verified, or what to check. */
export async function checkHardwareId(settings: ResolvedSettings, platform: string): Promise<CheckResult> {
  const name = "hardware ID";
  let id: Awaited<ReturnType<typeof resolveHardwareId>>;
  try {
    id = await resolveHardwareId(settings);
  } catch (error) {
    return failed(name, error);
  }
  const detail = `${id.value} (${describeSource(id.source)})`;
  if (id.source.type !== "derived") return { name, status: "ok", detail: `${detail}; sent as given` };
  const method = hardwareIdMethod(settings);
  if (method.value === "node-machine-id") {
    return {
      name,
      status: "warn",
      detail: `${detail}; rule node-machine-id (${describeSource(method.source)})`,
      fix: "node-machine-id's rule differs from LicenseSpring's SDK in several machine-id layouts: unless the app's devices were registered with it, drop hardwareIdMethod (see licensectl device id --explain).",
    };
  }
  if (platform !== "linux") {
    return {
      name,
      status: "warn",
      detail: `${detail}; rule licensespring, not verified against the SDK on ${platform}`,
      fix: "Compare it with the ID the Devices view of the LicenseSpring platform shows for this machine; if they differ, pass that one with --hardware-id.",
    };
  }
  return { name, status: "ok", detail: `${detail}; rule licensespring (${describeSource(method.source)})` };
}

/**
 * The app's license file against this machine: the hardware ID it holds and the ones licensectl derives,
 * and, when they differ, which of the SDK's choices (hardwareIDMethod, or its own hardwareID) the app made.
 */
export async function checkLicenseFile(
  settings: ResolvedSettings,
  use: LicenseFileUse,
  platform: string,
): Promise<CheckResult> {
  const { entry, path } = use;
  const comparison = await compareFileHardwareId(entry.hardwareId, platform);
  const derived = comparison.derived.map(({ method, id }) => `${method} ${id ?? "(none here)"}`).join(", ");
  const sent =
    settings.hardwareId?.source.type === "license-file"
      ? "sent as read"
      : `not sent: ${describeSource(settings.hardwareId?.source ?? { type: "default" })} wins`;
  const head = `${path}, product ${JSON.stringify(entry.product)} of ${use.products.length}: hardware ID ${entry.hardwareId} (${sent})`;
  const detail =
    comparison.matches === "licensespring"
      ? `${head}; the same as licensectl derives here: ${comparison.verdict}`
      : `${head}; licensectl derives ${derived}: ${comparison.verdict}`;
  return { name: "license file", status: "ok", detail };
}
