import { type AuthMode, describeAuthMode, selectAuthMode } from "../../api/auth.js";
import { formatOffset } from "../../api/clock.js";
import { getDeviceVariables } from "../../api/device-variables.js";
import { send } from "../../api/http.js";
import type { ResolvedSettings } from "../../config/resolve.js";
import { describeSource } from "../../config/source.js";
import type { Context } from "../../context.js";
import { CliError } from "../../core/cli-error.js";
import { USER_AGENT } from "../../core/version.js";
import { resolveHardwareId } from "../../hardware-id/resolve-hardware-id.js";
import {
  assertTrustedEndpoints,
  type DeviceSession,
  openDeviceSession,
} from "../../sessions/device-session.js";
import { loadSettings } from "../../sessions/load-settings.js";

export type CheckStatus = "ok" | "warn" | "fail" | "skip";

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly fix?: string | undefined;
  /** The failure behind a "fail", deciding the exit code. */
  readonly error?: CliError | undefined;
}

/** The checks, in the order they run and are reported. */
export const CHECKS = [
  "config",
  "credentials",
  "hardware ID",
  "API reachable",
  "clock",
  "credentials accepted",
  "response signature",
] as const;

/** Each network check gets its own short budget, so a bad connection cannot stall the whole report. */
export const CHECK_TIMEOUT_MS = 5_000;
const CLOCK_WARN_MS = 60_000;
const CLOCK_FAIL_MS = 15 * 60_000;

const failed = (name: string, error: unknown): CheckResult => {
  const cause = error instanceof CliError ? error : new CliError("internal", String(error));
  // A command's timeout hint says to raise --timeout, which cannot lift doctor's own cap per check.
  const fix = cause.code === "timeout" ? CHECK_TIMEOUT_FIX : cause.hint;
  return { name, status: "fail", detail: cause.message, fix, error: cause };
};
const CHECK_TIMEOUT_FIX =
  `No answer within this check's budget (${CHECK_TIMEOUT_MS / 1000} s at most, less with a lower --timeout): ` +
  "the server is slow or out of reach from here. Check the network or proxy; a command itself can be given " +
  "more time with --timeout.";
const skipped = (name: string, detail: string): CheckResult => ({ name, status: "skip", detail });

/** The checks that send requests: to apiUrl, and with OAuth to tokenUrl. */
const NETWORK_CHECKS = [
  "API reachable",
  "clock",
  "credentials accepted",
  "response signature",
] as const satisfies ReadonlyArray<(typeof CHECKS)[number]>;

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
  results.push(checkCredentials(settings), await checkHardwareId(settings));
  if (config.endpointsTrusted) {
    const reach = await checkReachable(ctx, settings);
    results.push(reach.result, checkClock(reach.serverDate, reach.localMidpoint));
    results.push(...(await checkSignedRead(ctx, settings)));
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
    return { result: { ...refused, detail }, settings, endpointsTrusted: false };
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
  return { result, settings, endpointsTrusted: true };
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

async function checkHardwareId(settings: ResolvedSettings): Promise<CheckResult> {
  try {
    const id = await resolveHardwareId(settings);
    const derived = id.source.type === "derived";
    return {
      name: "hardware ID",
      status: derived ? "warn" : "ok",
      detail: `${id.value} (${describeSource(id.source)})`,
      fix: derived
        ? "A derived ID is not necessarily the one the app's LicenseSpring SDK registered; pass that one with --hardware-id if calls fail with device_not_found (see licensectl device id --explain)."
        : undefined,
    };
  } catch (error) {
    return failed("hardware ID", error);
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
        unreachableHint: `Check apiUrl ${base} and your network or proxy.`,
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
    return { result: failed("API reachable", error), serverDate: undefined, localMidpoint: 0 };
  }
}

function checkClock(serverDate: number | undefined, localMidpoint: number): CheckResult {
  if (serverDate === undefined) return skipped("clock", "no Date header from the server to compare with");
  const offset = localMidpoint - serverDate;
  const detail = `this machine is ${formatOffset(offset)} the server (Date headers have 1 s resolution)`;
  const fix =
    "Sync this machine's clock (NTP): requests more than 15 minutes off are refused (date_header_diff).";
  if (Math.abs(offset) > CLOCK_FAIL_MS) {
    return {
      name: "clock",
      status: "fail",
      detail,
      fix,
      error: new CliError("auth", detail, { code: "date_header_diff", hint: fix }),
    };
  }
  return Math.abs(offset) > CLOCK_WARN_MS
    ? { name: "clock", status: "warn", detail, fix }
    : { name: "clock", status: "ok", detail };
}

async function checkSignedRead(ctx: Context, settings: ResolvedSettings): Promise<CheckResult[]> {
  let session: DeviceSession;
  try {
    session = await openDeviceSession(ctx, { settings, timeoutMs: timeoutFor(settings) });
  } catch (error) {
    const reason = error instanceof CliError ? error.message : String(error);
    return [
      skipped("credentials accepted", `cannot make a signed read: ${reason}`),
      skipped("response signature", "needs a signed read"),
    ];
  }
  const keySource = settings.publicKey
    ? describeSource(settings.publicKey.source)
    : "the built-in LicenseSpring key";
  try {
    const variables = await getDeviceVariables(session.api, session.target);
    const accepted: CheckResult = {
      name: "credentials accepted",
      status: "ok",
      detail: `a signed read returned ${variables.length} variable(s)`,
    };
    const { verifySignature } = settings;
    if (verifySignature?.value === false) {
      return [
        accepted,
        {
          name: "response signature",
          status: "warn",
          detail: `not checked: verifySignature is false (${describeSource(verifySignature.source)})`,
          fix: "Turn verification back on unless you trust every network hop.",
        },
      ];
    }
    return [
      accepted,
      { name: "response signature", status: "ok", detail: `LicenseSignature verified with ${keySource}` },
    ];
  } catch (error) {
    return classifyReadFailure(error, keySource);
  }
}

function classifyReadFailure(error: unknown, keySource: string): CheckResult[] {
  if (!(error instanceof CliError))
    return [failed("credentials accepted", error), skipped("response signature", "the read failed")];
  switch (error.kind) {
    case "verification":
      return [
        { name: "credentials accepted", status: "ok", detail: "the server answered the signed read" },
        { ...failed("response signature", error), detail: `${error.message} (key: ${keySource})` },
      ];
    case "api":
      return [
        {
          name: "credentials accepted",
          status: "warn",
          detail: `accepted, but the read was refused: ${error.code} (${error.message})`,
          fix: error.hint,
        },
        skipped("response signature", "signatures are checked on successful answers only"),
      ];
    default:
      return [
        failed("credentials accepted", error),
        skipped("response signature", "needs a successful signed read"),
      ];
  }
}

function timeoutFor(settings: ResolvedSettings): number {
  return Math.min(settings.timeout?.value ?? CHECK_TIMEOUT_MS, CHECK_TIMEOUT_MS);
}
