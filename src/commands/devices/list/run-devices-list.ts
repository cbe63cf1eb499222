import type { Context } from "../../../context.js";
import { usageError } from "../../../core/cli-error.js";
import { listScopedDevices } from "../../../sessions/device-scope.js";
import { openManagementApi } from "../../../sessions/management-session.js";
import { renderDevices } from "./render-devices.js";

export type DevicesListFormat = "table" | "json" | "tsv";

export interface DevicesListOptions {
  readonly allLicenses: boolean;
  readonly output?: DevicesListFormat | undefined;
}

export async function runDevicesList(ctx: Context, options: DevicesListOptions): Promise<void> {
  if (ctx.globals.json && options.output !== undefined && options.output !== "json") {
    throw usageError(
      `--json and --output ${options.output} ask for two different outputs.`,
      `Pass one of them: --json (the same as --output json) or --output ${options.output}.`,
      "conflicting_options",
    );
  }
  const format = options.output ?? (ctx.globals.json ? "json" : "table");
  const { api, settings } = openManagementApi(ctx);
  const listing = await listScopedDevices(api, settings, options);
  renderDevices(ctx.out, listing, format);
}
