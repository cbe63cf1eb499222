import { selectAuthMode } from "../api/auth.js";
import type { LicenseApi } from "../api/client.js";
import type { RequestGate } from "../api/rate-limiter.js";
import type { ResolvedSettings } from "../config/resolve.js";
import type { Context } from "../context.js";
import { openLicenseApi } from "./device-session.js";

/**
 * A License API client for a run over many devices: every attempt paced by `gate`, and not tied to Ctrl+C,
 * so that requests already sent finish (and are reported) while nothing new is dispatched. Each device names
 * its own license and hardware ID, so neither is resolved here.
 */
export function openFleetApi(ctx: Context, settings: ResolvedSettings, gate: RequestGate): LicenseApi {
  return openLicenseApi(ctx, settings, selectAuthMode(settings), { gate, interruptible: false });
}
