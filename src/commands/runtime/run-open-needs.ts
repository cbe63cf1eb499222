import type { Context } from "../../context.js";
import { type DeviceSession, openDeviceSession } from "../../sessions/device-session.js";
import { type LoadedSettings, loadSettings } from "../../sessions/load-settings.js";
import { type OpenedManagementApi, openManagementApi } from "../../sessions/management-session.js";
import type { Need } from "./verb.js";

/** What a run can open; each opens at the first call, once (src/commands/runtime/verb.ts Need). */
export interface Opened {
  /** The resolved settings (config files, profile, env, flags). */
  readonly settings: () => LoadedSettings;
  /** The License API for the one configured device, its target resolved. */
  readonly device: () => Promise<DeviceSession>;
  /** The Management API client and the run's settings. */
  readonly management: () => Promise<OpenedManagementApi>;
}

/**
 * The openers of a run: the settings for every verb, and the API the verb declared it needs. Each runs at the
 * first call, so a run checks its own arguments before any setting is read (a usage error wins over a missing
 * setting, as it always has). Named run-*.ts so the build keeps it, and the sessions it imports, in the
 * commands bundle: `--help` loads none of it.
 */
export function openNeeds(verb: string, need: Need, ctx: Context): Opened {
  const settings = onceSync(() => loadSettings(ctx));
  const undeclared = (what: string) => () => {
    throw new Error(`${verb} did not declare that it needs ${what}`);
  };
  return {
    settings,
    device:
      need === "device"
        ? once(() => openDeviceSession(ctx, { settings: settings().settings }))
        : undeclared("the device"),
    management:
      need === "management"
        ? once(async () => openManagementApi(ctx, settings().settings))
        : undeclared("the Management API"),
  };
}

function once<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () => {
    opened ??= open();
    return opened;
  };
}

function onceSync<T>(open: () => T): () => T {
  let opened: { value: T } | undefined;
  return () => {
    opened ??= { value: open() };
    return opened.value;
  };
}
