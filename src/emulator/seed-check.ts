import { configError } from "../core/cli-error.js";
import type { Seed } from "./state.js";

/** Reports the problem with the value at `path` (e.g. licenses[0].devices[1].variables.a). */
type Fail = (path: string, problem: string) => never;
/** Checks the value found at `path`. */
type Check = (value: unknown, path: string, fail: Fail) => void;

/**
 * Check a seed (or a `--data` file: the same format) before the emulator builds its state from it: every
 * field it reads has the type it needs. `source` names the file in the error ("Seed file ./seed.json").
 */
export function checkSeed(data: unknown, source: string): Seed {
  const fail: Fail = (path, problem) => {
    throw configError(
      `${source}: ${path || "the top level"} ${problem}.`,
      "See the seed format in README: Emulator.",
      "invalid_seed",
    );
  };
  seed(data, "", fail);
  return data as Seed;
}

const text: Check = (value, path, fail) => {
  if (typeof value !== "string" || value === "") fail(path, `must be a non-empty string${got(value)}`);
};

const flag: Check = (value, path, fail) => {
  if (typeof value !== "boolean") fail(path, `must be true or false${got(value)}`);
};

const id: Check = (value, path, fail) => {
  if (!Number.isSafeInteger(value) || (value as number) <= 0)
    fail(path, `must be a positive whole number${got(value)}`);
};

const timestamp: Check = (value, path, fail) => {
  if (typeof value !== "number") fail(path, `must be a number (Unix milliseconds)${got(value)}`);
};

const scalar: Check = (value, path, fail) => {
  if (!["string", "number", "boolean"].includes(typeof value)) {
    fail(path, `must be a string, number or boolean${got(value)}`);
  }
};

const arrayOf =
  (item: Check): Check =>
  (value, path, fail) => {
    if (!Array.isArray(value)) return fail(path, `must be an array${got(value)}`);
    for (const [index, entry] of value.entries()) item(entry, `${path}[${index}]`, fail);
  };

/** An object whose own keys are names (variables): each value checked by `entry`. */
const mapOf =
  (entry: Check): Check =>
  (value, path, fail) => {
    if (!isObject(value)) return fail(path, `must be an object${got(value)}`);
    for (const [name, item] of Object.entries(value)) entry(item, member(path, name), fail);
  };

/** An object with `required` and `optional` fields (other keys are ignored), then the `also` check. */
const objectOf =
  (
    required: Record<string, Check>,
    optional: Record<string, Check>,
    also?: (record: Record<string, unknown>, path: string, fail: Fail) => void,
  ): Check =>
  (value, path, fail) => {
    if (!isObject(value)) return fail(path, `must be an object${got(value)}`);
    for (const [key, check] of Object.entries({ ...required, ...optional })) {
      const at = member(path, key);
      if (value[key] !== undefined) check(value[key], at, fail);
      else if (key in required) fail(at, "is missing");
    }
    also?.(value, path, fail);
  };

const storedVariable = objectOf({ value: scalar }, { id, createdAt: timestamp });

/** A value as a seed gives it (`"stable"`), or as a `--data` snapshot stores it (`{id, value, createdAt}`). */
const variable: Check = (value, path, fail) =>
  isObject(value) ? storedVariable(value, path, fail) : scalar(value, path, fail);

const device = objectOf(
  { hardwareId: text },
  {
    id,
    active: flag,
    blacklisted: flag,
    os: text,
    hostname: text,
    appVer: text,
    lastCheck: timestamp,
    variables: mapOf(variable),
  },
);

const license = objectOf(
  { product: text },
  { id, licenseKey: text, username: text, enabled: flag, active: flag, devices: arrayOf(device) },
  (record, path, fail) => {
    if ((record.licenseKey === undefined) === (record.username === undefined)) {
      fail(path, 'needs exactly one of "licenseKey" or "username"');
    }
  },
);

const seed = objectOf(
  { products: arrayOf(objectOf({ code: text }, { name: text })), licenses: arrayOf(license) },
  {
    apiKeys: arrayOf(objectOf({}, { apiKey: text, sharedKey: text, readOnly: flag, revoked: flag })),
    oauthClients: arrayOf(objectOf({}, { clientId: text, clientSecret: text })),
    managementApiKeys: arrayOf(text),
    signingKey: text,
  },
);

/** `path.name`, or `path["name"]` for a name that is not an identifier. */
function member(path: string, name: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `${path}[${JSON.stringify(name)}]`;
  return path ? `${path}.${name}` : name;
}

/** The kind of value found, never its text: a misplaced value may be a secret. */
function got(value: unknown): string {
  if (value === null || typeof value === "boolean") return ` (got ${value})`;
  if (Array.isArray(value)) return " (got an array)";
  if (value === "") return " (got an empty string)";
  return ` (got ${typeof value === "object" ? "an object" : `a ${typeof value}`})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
