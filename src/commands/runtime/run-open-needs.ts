import type { Context } from "../../context.js";
import { type DeviceSession, openDeviceSession } from "../../sessions/device-session.js";
import type { LoadedSettings } from "../../sessions/load-settings.js";
import { type ManagementApiSession, openManagementApi } from "../../sessions/management-session.js";

/** Opens what a verb declared it needs (src/commands/runtime/verb.ts Need), once, on first use. */
export interface Opened {
  /** The License API for the one configured device, its target resolved. */
  readonly device: () => Promise<DeviceSession>;
  /** The Management API client and the run's settings. */
  readonly management: () => Promise<ManagementApiSession>;
}

/**
 * Each opener runs at the first call, so a run checks its own arguments before any setting is read (a usage
 * error wins over a missing setting, as it always has). Named run-*.ts so the build keeps it, and the
 * sessions it imports, out of the start-up bundle.
 */
export function openNeeds(
  need: "device" | "management",
  ctx: Context,
  settings: () => LoadedSettings,
): Partial<Opened> {
  if (need === "device")
    return { device: once(() => openDeviceSession(ctx, { settings: settings().settings })) };
  return { management: once(async () => openManagementApi(ctx, settings().settings)) };
}

function once<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () => {
    opened ??= open();
    return opened;
  };
}
