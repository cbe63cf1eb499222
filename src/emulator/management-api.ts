import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorEnv, Reply, Route, RouteRequest } from "./routes.js";
import type { Device, License, State, StoredVariable } from "./state.js";

export const MANAGEMENT_PREFIX = "/api/v1";
/** DRF's LimitOffsetPagination as LicenseSpring configures it: 20 by default, at most 100. */
const PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/**
 * The Management API subset licensectl needs, over the same store as the License API: licenses and devices
 * by their filters (with details), a device's variables, and deleting one. Authorised by `Api-Key`; answers are not signed.
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

const drf = (status: number, body: unknown): Reply => ({ status, body, signed: false });

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

/**
 * `GET /licenses/?license_key=&product_short_code=&license_users__true_email=&active=`: exact filters (the
 * e-mail without regard to case); filter names it does not know are ignored, as DRF ignores them.
 */
function listLicenses(env: EmulatorEnv, url: URL): Reply {
  const query = url.searchParams;
  const active = query.get("active");
  if (active !== null && !["true", "false"].includes(active)) {
    return drf(400, { active: ["Select a valid choice."] });
  }
  const email = query.get("license_users__true_email")?.toLowerCase();
  const licenses = env.state.licenses
    .filter((l) => !query.has("license_key") || l.licenseKey === query.get("license_key"))
    .filter((l) => !query.has("product_short_code") || l.product === query.get("product_short_code"))
    .filter((l) => email === undefined || l.username?.toLowerCase() === email)
    .filter((l) => active === null || l.active === (active === "true"))
    .sort((a, b) => a.id - b.id)
    .map((license) => licenseJson(env.state, license));
  return paginate(env, url, licenses);
}

function licenseJson(state: State, license: License) {
  const product = state.products.get(license.product);
  return {
    id: license.id,
    license_key: license.licenseKey ?? null,
    active: license.active,
    enabled: license.enabled,
    product: { short_code: license.product, product_name: product?.name ?? license.product },
    license_users: license.username === undefined ? [] : [{ true_email: license.username }],
  };
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

/** DRF's `{count, next, previous, results}` with absolute `next`/`previous` links. */
function paginate(env: EmulatorEnv, url: URL, items: readonly unknown[]): Reply {
  const limit = Math.min(wholeNumber(url.searchParams.get("limit")) || PAGE_SIZE, MAX_PAGE_SIZE);
  const offset = wholeNumber(url.searchParams.get("offset")) ?? 0;
  const link = (at: number) => {
    const query = new URLSearchParams(url.searchParams);
    query.set("limit", String(limit));
    if (at > 0) query.set("offset", String(at));
    else query.delete("offset");
    return `${env.origin()}${url.pathname}?${query}`;
  };
  return drf(200, {
    count: items.length,
    next: offset + limit < items.length ? link(offset + limit) : null,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    results: items.slice(offset, offset + limit),
  });
}

function wholeNumber(text: string | null): number | undefined {
  return text !== null && /^\d+$/.test(text) ? Number(text) : undefined;
}
