import { listScopedDevices } from "../../../sessions/device-scope.js";
import { renderDevices } from "./render-devices.js";
import type { DevicesListInput } from "./verb.js";

export async function runDevicesList({ out, flags, format, management }: DevicesListInput): Promise<void> {
  const { api, settings } = await management();
  const listing = await listScopedDevices(api, settings, flags);
  renderDevices(out, listing, format);
}
