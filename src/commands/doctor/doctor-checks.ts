import { type AuthMode, describeAuthMode } from "../../api/auth.js";
import { formatOffset, MAX_CORRECTION_MS } from "../../api/clock.js";
import { send } from "../../api/http.js";
import type { ResolvedSettings } from "../../config/resolve.js";
import { describeSource } from "../../config/source.js";
import type { Context } from "../../context.js";
import { CliError, withHint } from "../../core/cli-error.js";
import { USER_AGENT } from "../../core/version.js";
import type { LicenseFileUse } from "../../license-file/apply-license-file.js";
import { selectAuthMode } from "../../sessions/auth-mode.js";
import { assertTrustedEndpoints } from "../../sessions/device-session.js";
import { transportAdvice } from "../../sessions/error-advice.js";
import { loadSettings } from "../../sessions/load-settings.js";
import { checkSignedRead, READ_CHECKS } from "./doctor-read-checks.js";
import { type CheckResult, failed, skipped, timeoutFor } from "./doctor-results.js";
import { checkHardwareId, checkLicenseFile, checkProductAndLicense } from "./doctor-target-checks.js";

export type { CheckResult, CheckStatus } from "./doctor-results.js";
export { CHECK_TIMEOUT_MS } from "./doctor-results.js";

/** The checks, in the order they run and are reported; "license file" follows "hardware ID" when licenseFile is set. */
export const CHECKS = [
  "config",
  "credentials",
  "product and license",
  "hardware ID",
  "API reachable",
  "clock",
  ...READ_CHECKS,
] as const;

const CLOCK_WARN_MS = 60_000;
const CLOCK_FAIL_MS = 15 * 60_000;

/** The checks that send requests: to apiUrl, and with OAuth to tokenUrl. */
const NETWORK_CHECKS = ["API reachable", "clock", ...READ_CHECKS] as const satisfies ReadonlyArray<
  (typeof CHECKS)[number]
>;

/**
 * Run every check in order; a failing check never hides the ones after it (those that need its result
 * are reported as skipped, with the reason).
 */
export async function runDoctor(ctx: Context): Promise<CheckResult[]> {
  const config = checkConfig(ctx);
  const results: CheckResult[] = [config.result];
  const { settings } = config;
  if (!settings) {
    for (const name of CHECKS.slice(1)) {
      results.push(skipped(name, "needs a readable configuration (see above)"));
    }
    return results;
  }
  results.push(
    checkCredentials(settings),
    checkProductAndLicense(settings),
    await checkHardwareId(settings, process.platform),
  );
  // Only with licenseFile set: a report without one keeps its checks.
  if (config.licenseFile)
    results.push(await checkLicenseFile(settings, config.licenseFile, process.platform));
  if (config.endpointsTrusted) {
    const reach = await checkReachable(ctx, settings);
    results.push(reach.result, checkClock(reach.serverDate, reach.localMidpoint));
    const earlierFailure = results.some((result) => result.status === "fail");
    results.push(...(await checkSignedRead(ctx, settings, earlierFailure)));
  } else {
    // A command would refuse these endpoints: doctor contacts none of them, not even with an unsigned GET.
    for (const name of NETWORK_CHECKS) {
      results.push(skipped(name, "needs an endpoint licensectl trusts (see config above)"));
    }
  }
  // Ctrl+C aborted every request from then on, and each check took that for a failure: the run just ends.
  ctx.signal.throwIfAborted();
  return results;
}

interface ConfigCheck {
  readonly result: CheckResult;
  /** Undefined when the configuration cannot be read at all. */
  readonly settings?: ResolvedSettings | undefined;
  /** False when a command would refuse the endpoints (untrusted_endpoint): doctor must not contact them. */
  readonly endpointsTrusted: boolean;
  /** The app's license file the settings came from, if any. */
  readonly licenseFile?: LicenseFileUse | undefined;
}

/** Config files found and valid, and their endpoints ones a command would send the credentials to. */
function checkConfig(ctx: Context): ConfigCheck {
  let loaded: ReturnType<typeof loadSettings>;
  try {
    loaded = loadSettings(ctx);
  } catch (error) {
    return { result: failed("config", error), endpointsTrusted: false };
  }
  const { settings } = loaded;
  try {
    assertDoctorEndpointsTrusted(settings);
  } catch (error) {
    const refused = failed("config", error);
    const detail = [refused.detail, ...loaded.warnings].join("; ");
    return {
      result: { ...refused, detail },
      settings,
      endpointsTrusted: false,
      licenseFile: loaded.licenseFile,
    };
  }
  const files = loaded.discovery.files.map((f) => `${f.path} (${f.scope})`);
  const detail = files.length ? files.join(", ") : "no config file; environment and defaults only";
  const result: CheckResult = loaded.warnings.length
    ? {
        name: "config",
        status: "warn",
        detail: `${detail}; ${loaded.warnings.join("; ")}`,
        fix: "Fix or remove the keys named.",
      }
    : { name: "config", status: "ok", detail };
  return { result, settings, endpointsTrusted: true, licenseFile: loaded.licenseFile };
}

/**
 * The same refusal a command makes before its first request. Without usable credentials nothing secret is
 * sent (the signed read is skipped), so there is nothing to refuse: the credentials check reports that.
 */
function assertDoctorEndpointsTrusted(settings: ResolvedSettings): void {
  let auth: AuthMode;
  try {
    auth = selectAuthMode(settings);
  } catch {
    return;
  }
  assertTrustedEndpoints(settings, auth);
}

function checkCredentials(settings: ResolvedSettings): CheckResult {
  try {
    const mode = selectAuthMode(settings);
    const key = mode.type === "oauth" ? settings.clientSecret : settings.apiKey;
    return {
      name: "credentials",
      status: "ok",
      detail: `${describeAuthMode(mode)}, from ${key ? describeSource(key.source) : "?"}`,
    };
  } catch (error) {
    return failed("credentials", error);
  }
}

async function checkReachable(ctx: Context, settings: ResolvedSettings) {
  const base = (settings.apiUrl?.value ?? "").replace(/\/+$/, "");
  const url = `${base}/.well-known`;
  const sentAt = Date.now();
  try {
    const response = await send(
      () => ({
        method: "GET",
        url,
        headers: { Accept: "application/json", "User-Agent": USER_AGENT },
      }),
      {
        timeoutMs: timeoutFor(settings),
        debug: (line) => ctx.out.debug(line),
        signal: ctx.signal,
        env: ctx.io.env,
      },
    );
    const localMidpoint = (sentAt + Date.now()) / 2;
    const serverDate = Date.parse(response.headers.get("date") ?? "");
    const result: CheckResult =
      response.status < 400
        ? { name: "API reachable", status: "ok", detail: `${url} answered HTTP ${response.status}` }
        : {
            name: "API reachable",
            status: "warn",
            detail: `${url} answered HTTP ${response.status}`,
            fix: "Check that apiUrl ends in /api/v4.",
          };
    return { result, serverDate: Number.isNaN(serverDate) ? undefined : serverDate, localMidpoint };
  } catch (error) {
    const advised =
      error instanceof CliError && settings.apiUrl
        ? withHint(error, transportAdvice(error, { urlKey: "apiUrl", url: settings.apiUrl }))
        : error;
    return { result: failed("API reachable", advised), serverDate: undefined, localMidpoint: 0 };
  }
}

/**
 * The clock against the server's Date header. Past 15 minutes the server refuses the Date licensectl sends,
 * and licensectl signs again with the server's time (api/clock.ts): a warning that says so, not a failure.
 */
function checkClock(serverDate: number | undefined, localMidpoint: number): CheckResult {
  if (serverDate === undefined) return skipped("clock", "no Date header from the server to compare with");
  const offset = localMidpoint - serverDate;
  const detail = `this machine is ${formatOffset(offset)} the server (Date headers have 1 s resolution)`;
  if (Math.abs(offset) > MAX_CORRECTION_MS) {
    const fix =
      "Sync this machine's clock (NTP): licensectl corrects at most 60 minutes, and the server refuses more than 15.";
    return {
      name: "clock",
      status: "fail",
      detail: `${detail}; more than licensectl corrects, so every signed request is refused (date_header_diff)`,
      fix,
      error: new CliError("auth", `This machine's clock is ${formatOffset(offset)} the server.`, {
        code: "date_header_diff",
        hint: fix,
      }),
    };
  }
  if (Math.abs(offset) > CLOCK_FAIL_MS) {
    return {
      name: "clock",
      status: "warn",
      detail: `${detail}; more than 15 minutes, which the server refuses (date_header_diff): licensectl corrects this for its own requests, signing again with the server's time`,
      fix: "Sync this machine's clock (NTP): apps and other tools may not correct it.",
    };
  }
  return Math.abs(offset) > CLOCK_WARN_MS
    ? { name: "clock", status: "warn", detail, fix: "Sync this machine's clock (NTP)." }
    : { name: "clock", status: "ok", detail };
}
