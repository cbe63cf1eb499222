import type { ResolvedSettings } from "../../../../config/resolve.js";
import type { Context } from "../../../../context.js";
import { usageError } from "../../../../core/cli-error.js";
import type { FleetTarget } from "./fleet-target.js";
import type { TargetDefaults } from "./validate-device-rows.js";

/** `--all-devices`: every active device of the configured license or product, from the Management API. */
export async function findAllDevices(
  _ctx: Context,
  _settings: ResolvedSettings,
  _defaults: TargetDefaults,
): Promise<FleetTarget[]> {
  throw usageError("--all-devices is not available yet.");
}
