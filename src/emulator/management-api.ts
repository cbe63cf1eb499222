import type { IncomingHttpHeaders } from "node:http";
import { drf, paginate } from "./drf-pagination.js";
import { listLicenses } from "./management-license-listing.js";
import type { EmulatorEnv, Reply, Route, RouteRequest } from "./routes.js";
import type { Device, License, State, StoredVariable } from "./state.js";

export const MANAGEMENT_PREFIX = "/api/v1";

/**
 * The Management API subset licensectl needs, over the same store as the License API: licenses and devices
 * by their filters (with details), a device's variables, and deleting one. Authorised by `Api-Key`;
 * answers are not signed.
 */
export function managementRoutes(env: EmulatorEnv): Route[] {
  const authorised =
    (handle: (request: RouteRequest) => Reply) =>
    (request: RouteRequest): Reply =>
      refuseKey(env.state, request.headers) ?? handle(request);
  return [
    {
      method: "GET",
      path: `${MANAGEMENT_PREFIX}/licenses`,
      handle: authorised(({ url }) => listLicenses(env, url)),
    },
    {
      method: "GET",
      path: `${MANAGEMENT_PREFIX}/devices`,
      handle: authorised(({ url }) => listDevices(env, url)),
    },
    {
      method: "GET",
      path: `${MANAGEMENT_PREFIX}/device-variables`,
      handle: authorised(({ url }) => listVariables(env, url)),
    },
    {
      method: "DELETE",
      path: /^\/api\/v1\/device-variables\/(\d+)$/,
      handle: authorised(({ params }) => deleteVariable(env.state, Number(params[0]))),
      mutates: true,
    },
  ];
}

function refuseKey(state: State, headers: IncomingHttpHeaders): Reply | undefined {
  const match = /^Api-Key\s+(\S+)$/.exec(headers.authorization ?? "");
  if (!match) return drf(401, { detail: "Authentication credentials were not provided." });
  return state.managementApiKeys.has(match[1] ?? "") ? undefined : drf(401, { detail: "Invalid API key." });
}

interface Located {
  readonly license: License;
  readonly device: Device;
}

function allDevices(state: State): Located[] {
  return state.licenses.flatMap((license) => license.devices.map((device) => ({ license, device })));
}

/** `GET /devices/?hardware_id=&license=`: exact filters, as the service applies them. */
function listDevices(env: EmulatorEnv, url: URL): Reply {
  const hardwareId = url.searchParams.get("hardware_id");
  const license = url.searchParams.get("license");
  if (license !== null && !/^\d+$/.test(license)) return drf(400, { license: ["Enter a whole number."] });
  const devices = allDevices(env.state)
    .filter(({ device }) => hardwareId === null || device.hardwareId === hardwareId)
    .filter(({ license: l }) => license === null || l.id === Number(license))
    .sort((a, b) => a.device.id - b.device.id)
    .map(({ license: l, device }) => ({
      id: device.id,
      hardware_id: device.hardwareId,
      device_active: device.active,
      blacklisted: device.blacklisted,
      os: device.details.os ?? null,
      hostname: device.details.hostname ?? null,
      app_ver: device.details.appVer ?? null,
      last_check:
        device.details.lastCheck === undefined ? null : new Date(device.details.lastCheck).toISOString(),
      license: { id: l.id, license_key: l.licenseKey ?? null },
      device_variables: variablesOf(device),
    }));
  return paginate(env, url, devices);
}

/** `GET /device-variables/?device=`: every variable, or one device's, in id order. */
function listVariables(env: EmulatorEnv, url: URL): Reply {
  const device = url.searchParams.get("device");
  if (device !== null && !/^\d+$/.test(device)) return drf(400, { device: ["Enter a whole number."] });
  const variables = allDevices(env.state)
    .filter(({ device: d }) => device === null || d.id === Number(device))
    .flatMap(({ device: d }) => variablesOf(d));
  return paginate(env, url, variables);
}

function variablesOf(device: Device) {
  return [...device.variables]
    .sort(([, a], [, b]) => a.id - b.id)
    .map(([variable, stored]: [string, StoredVariable]) => ({
      id: stored.id,
      created_at: new Date(stored.createdAt).toISOString(),
      variable,
      value: stored.value,
      device: device.id,
    }));
}

function deleteVariable(state: State, id: number): Reply {
  for (const { device } of allDevices(state)) {
    for (const [name, stored] of device.variables) {
      if (stored.id !== id) continue;
      device.variables.delete(name);
      return drf(200, undefined);
    }
  }
  return drf(404, { detail: "Not found." });
}
