import { checkAuthorization } from "./auth.js";
import { deviceLicenses } from "./device-licenses.js";
import { type ApiFailure, failure, isFailure } from "./error-responses.js";
import { type EmulatorEnv, type Route, type RouteRequest, signedFailure, signedOk } from "./routes.js";
import type { Device, License, State } from "./state.js";

export const API_PREFIX = "/api/v4";

/** The License API subset licensectl uses, each call authorised like the real service. */
export function licenseApiRoutes(env: EmulatorEnv): Route[] {
  const authorised =
    (write: boolean, handle: (request: RouteRequest) => unknown) => (request: RouteRequest) => {
      if (request.body instanceof SyntaxError) {
        return signedFailure(failure(400, "invalid_json", "Request body is not valid JSON"));
      }
      const refused = checkAuthorization(env.state, env.tokens, request.headers, write, env.now());
      if (refused) return signedFailure(refused);
      const result = handle(request);
      return isFailure(result) ? signedFailure(result) : signedOk(result);
    };
  return [
    {
      method: "GET",
      path: `${API_PREFIX}/.well-known`,
      handle: () =>
        signedOk({
          api_base_url: `${env.origin()}${API_PREFIX}/`,
          version: "v4",
          environment: "licensectl-emulator",
          pub_key: env.publicKeyPem,
          endpoints: ["track_device_variables", "get_device_variables", "device_licenses", "product_details"],
        }),
    },
    {
      method: "POST",
      path: `${API_PREFIX}/track_device_variables`,
      handle: authorised(true, ({ body }) => trackVariables(env.state, body, env.now())),
      mutates: true,
    },
    {
      method: "GET",
      path: `${API_PREFIX}/get_device_variables`,
      handle: authorised(false, ({ url }) => getVariables(env.state, url.searchParams)),
    },
    {
      method: "GET",
      path: `${API_PREFIX}/product_details`,
      handle: authorised(false, ({ url }) => productDetails(env.state, url.searchParams)),
    },
    {
      method: "GET",
      path: `${API_PREFIX}/device_licenses`,
      handle: authorised(false, ({ url }) => deviceLicenses(env.state, url.searchParams)),
    },
  ];
}

interface Identity {
  product?: unknown;
  hardware_id?: unknown;
  license_key?: unknown;
  username?: unknown;
  license_id?: unknown;
}

/** Find the one active device the request is about, with the service's error codes, in its order. */
export function findDevice(
  state: State,
  identity: Identity,
): { license: License; device: Device } | ApiFailure {
  const missing = ["product", "hardware_id"].filter((field) => !identity[field as keyof Identity]);
  if (identity.license_key === undefined && identity.username === undefined)
    missing.push("license_key or username");
  if (missing.length > 0)
    return failure(400, "missing_parameters", `Missing parameters: ${missing.join(", ")}`);
  const { product, hardware_id, license_key, username } = identity;
  if (typeof product !== "string" || typeof hardware_id !== "string") {
    return failure(400, "validation_error", "product and hardware_id must be strings");
  }
  const licenseId = identity.license_id === undefined ? undefined : Number(identity.license_id);
  if (licenseId !== undefined && !Number.isSafeInteger(licenseId)) {
    return failure(400, "validation_error", "license_id must be an integer");
  }
  if (!state.products.has(product)) return failure(400, "unknown_product", "Provided product was not found");

  const candidates = state.licenses.filter(
    (l) => l.product === product && (licenseId === undefined || l.id === licenseId),
  );
  let license: License | undefined;
  if (license_key !== undefined) {
    license = candidates.find((l) => l.licenseKey === license_key);
    if (!license) return failure(400, "license_not_found", "License not found");
  } else {
    if (!state.licenses.some((l) => l.username === username))
      return failure(400, "user_not_found", "User not found");
    license = candidates.find((l) => l.username === username);
    if (!license) return failure(400, "license_not_found", "License not found");
  }
  if (!license.enabled) return failure(400, "license_not_enabled", "License is not enabled");
  if (!license.active) return failure(400, "license_not_active", "License is not active");
  const device = license.devices.find((d) => d.hardwareId === hardware_id);
  if (device?.blacklisted) return failure(400, "blacklisted", "Device is blacklisted");
  if (!device?.active) return failure(400, "device_not_found", "Device not found");
  return { license, device };
}

/** POST track_device_variables: upsert by name; answers with what was written, created_at in ms. */
export function trackVariables(state: State, body: unknown, now: number): unknown[] | ApiFailure {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return failure(400, "validation_error", "Request body must be a JSON object");
  }
  const request = body as Identity & { variables?: unknown };
  if (request.variables === undefined)
    return failure(400, "missing_parameters", "Missing parameters: variables");
  const { variables } = request;
  if (typeof variables !== "object" || variables === null || Array.isArray(variables)) {
    return failure(400, "validation_error", "variables must be an object");
  }
  for (const [name, value] of Object.entries(variables)) {
    if (!["string", "number", "boolean"].includes(typeof value)) {
      return failure(400, "validation_error", `Variable ${name} must be a string, number or boolean`);
    }
  }
  const found = findDevice(state, request);
  if ("code" in found) return found;
  return Object.entries(variables as Record<string, string | number | boolean>).map(([name, value]) => {
    const previous = found.device.variables.get(name);
    const stored = { id: previous?.id ?? state.nextVariableId++, value: String(value), createdAt: now };
    found.device.variables.set(name, stored);
    return { variable: name, value: stored.value, device_id: found.device.id, created_at: now };
  });
}

/** GET get_device_variables: the older shape, with id and an ISO created_at. */
export function getVariables(state: State, query: URLSearchParams): unknown[] | ApiFailure {
  const identity: Identity = {};
  for (const field of ["product", "hardware_id", "license_key", "username", "license_id"] as const) {
    const value = query.get(field);
    if (value !== null) identity[field] = value;
  }
  const found = findDevice(state, identity);
  if ("code" in found) return found;
  return [...found.device.variables].map(([name, v]) => ({
    id: v.id,
    created_at: new Date(v.createdAt).toISOString(),
    variable: name,
    value: v.value,
    device_id: found.device.id,
  }));
}

/** `GET product_details?product=<code>`: the product's ID and names, as the SDK reads them (`product_id`). */
function productDetails(state: State, query: URLSearchParams): unknown {
  const code = query.get("product") ?? "";
  const product = state.products.get(code);
  if (!product) return failure(400, "product_not_found", "Product not found");
  return { product_id: product.id, product_name: product.name, short_code: product.code };
}
