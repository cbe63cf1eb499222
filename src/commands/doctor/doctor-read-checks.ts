import { type DeviceLicense, getDeviceLicenses } from "../../api/device-licenses.js";
import { type DeviceTarget, getDeviceVariables } from "../../api/device-variables.js";
import type { ResolvedSettings } from "../../config/resolve.js";
import { describeSource } from "../../config/source.js";
import type { Context } from "../../context.js";
import { CliError } from "../../core/cli-error.js";
import { type DeviceSession, openDeviceSession } from "../../sessions/device-session.js";
import { type CheckResult, failed, skipped, timeoutFor } from "./doctor-results.js";

export const READ_CHECKS = [
  "credentials accepted",
  "response signature",
  "device found",
  "licenses of this device",
] as const;

/**
 * The read `vars list` makes, then the licenses this hardware ID is activated on. Every outcome under which
 * `vars list` fails is a failure here, carrying the error (so the exit code) the command would have.
 */
export async function checkSignedRead(
  ctx: Context,
  settings: ResolvedSettings,
  earlierFailure: boolean,
): Promise<CheckResult[]> {
  let session: DeviceSession;
  try {
    session = await openDeviceSession(ctx, { settings, timeoutMs: timeoutFor(settings) });
  } catch (error) {
    if (earlierFailure) return READ_CHECKS.map((name) => skipped(name, "needs the checks above to pass"));
    return [
      failed("credentials accepted", error),
      ...READ_CHECKS.slice(1).map((n) => skipped(n, "needs a session")),
    ];
  }
  const keySource = settings.publicKey
    ? describeSource(settings.publicKey.source)
    : "the built-in LicenseSpring key";
  const device = `hardware ID ${session.hardwareId.value}`;
  let read: CheckResult[];
  try {
    const variables = await getDeviceVariables(session.api, session.target);
    read = [
      {
        name: "credentials accepted",
        status: "ok",
        detail: `a signed read returned ${variables.length} variable(s)`,
      },
      signatureResult(settings, keySource),
      { name: "device found", status: "ok", detail: `the server found the device with ${device}` },
    ];
  } catch (error) {
    read = classifyReadFailure(error, keySource, device);
  }
  const licenses =
    read[0]?.status === "ok"
      ? await checkDeviceLicenses(session)
      : skipped(READ_CHECKS[3], "needs accepted credentials");
  return [...read, licenses];
}

function signatureResult(settings: ResolvedSettings, keySource: string): CheckResult {
  const { verifySignature } = settings;
  if (verifySignature?.value === false) {
    return {
      name: "response signature",
      status: "warn",
      detail: `not checked: verifySignature is false (${describeSource(verifySignature.source)})`,
      fix: "Turn verification back on unless you trust every network hop.",
    };
  }
  return { name: "response signature", status: "ok", detail: `LicenseSignature verified with ${keySource}` };
}

function classifyReadFailure(error: unknown, keySource: string, device: string): CheckResult[] {
  const rest = (reason: string) => [skipped("response signature", reason), skipped("device found", reason)];
  if (!(error instanceof CliError))
    return [failed("credentials accepted", error), ...rest("the read failed")];
  switch (error.kind) {
    case "verification":
      return [
        { name: "credentials accepted", status: "ok", detail: "the server answered the signed read" },
        { ...failed("response signature", error), detail: `${error.message} (key: ${keySource})` },
        skipped("device found", "needs an answer that verifies"),
      ];
    case "api":
      // The credentials passed; what the server refused is the product, the license or the device.
      return [
        { name: "credentials accepted", status: "ok", detail: "the server answered the signed read" },
        skipped("response signature", "signatures are checked on successful answers only"),
        {
          ...failed("device found", error),
          detail: `the read for ${device} was refused: ${error.code} (${error.message})`,
        },
      ];
    default:
      return [failed("credentials accepted", error), ...rest("needs a successful signed read")];
  }
}

/** device_licenses: where this hardware ID is activated, which says what to configure when the read failed. */
async function checkDeviceLicenses(session: DeviceSession): Promise<CheckResult> {
  const name = READ_CHECKS[3];
  let licenses: DeviceLicense[];
  try {
    licenses = await getDeviceLicenses(session.api, session.hardwareId.value);
  } catch (error) {
    const reason = error instanceof CliError ? `${error.code} (${error.message})` : String(error);
    return { name, status: "warn", detail: `could not list them: ${reason}` };
  }
  const { target } = session;
  if (licenses.length === 0) {
    return {
      name,
      status: "warn",
      detail: `hardware ID ${target.hardwareId} is activated on no license`,
      fix: "The app has not activated a license with this ID: compare it with the Devices view of the LicenseSpring platform (licensectl device id --explain says how it was derived).",
    };
  }
  const listed = licenses.map(describeLicense).join("; ");
  if (licenses.some((l) => isConfigured(l, target)))
    return { name, status: "ok", detail: `activated on ${listed}` };
  return {
    name,
    status: "warn",
    detail: `activated on ${listed}, not on the configured license`,
    fix: `Configure the license this device is activated on: ${licenses.map((l) => configureAs(l, target)).join("; or ")}. Or check the hardware ID (licensectl device id --explain).`,
  };
}

/**
 * The configured license is this one: same product, the same key (key-based) or the same user (user-based),
 * and the same license ID when one is configured. A key-based target never matches on a user's absence.
 */
export function isConfigured(license: DeviceLicense, target: DeviceTarget): boolean {
  if (target.licenseId !== undefined && license.id !== target.licenseId) return false;
  if (license.product !== target.product) return false;
  return target.licenseKey !== undefined
    ? license.licenseKey === target.licenseKey
    : target.username !== undefined && license.username === target.username;
}

/** The flags that name this license instead of the configured one (only those that differ). */
function configureAs(license: DeviceLicense, target: DeviceTarget): string {
  const flags: string[] = [];
  if (license.product !== null && license.product !== target.product)
    flags.push(`--product ${license.product}`);
  if (license.licenseKey !== null) flags.push(`--license-key ${license.licenseKey}`);
  else if (license.username !== null) flags.push(`--username ${license.username}`);
  if (target.licenseId !== undefined && license.id !== null && license.id !== target.licenseId) {
    flags.push(`--license-id ${license.id}`);
  }
  return `${flags.join(" ")} (license ${license.id ?? "?"})`;
}

function describeLicense(license: DeviceLicense): string {
  const who = license.licenseKey
    ? `key ${license.licenseKey}`
    : license.username
      ? `user ${license.username}`
      : "";
  return [`license ${license.id ?? "?"}`, `product ${license.product ?? "?"}`, who]
    .filter(Boolean)
    .join(", ");
}
