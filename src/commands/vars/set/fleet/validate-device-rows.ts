import { usageError } from "../../../../core/cli-error.js";
import { nearNames } from "../../../../core/near-names.js";
import { type FleetTarget, targetKey } from "./fleet-target.js";

/** A row as read from the file: its fields, or what made it unreadable. */
export type RawRow =
  | { readonly line: number; readonly fields: Readonly<Record<string, unknown>> }
  | { readonly line: number; readonly problem: string };

/** What a row that does not name them gets: the configured product and license. */
export interface TargetDefaults {
  readonly product?: string | undefined;
  readonly licenseKey?: string | undefined;
  readonly username?: string | undefined;
  readonly licenseId?: number | undefined;
}

const FIELDS = new Set(["hardware_id", "license_key", "username", "license_id", "product"]);

/**
 * What is wrong with a CSV header, once for the whole file: a column named twice, an empty name, a name that
 * is not a field (with the field it was probably meant to be), no hardware_id column. Every row reads its
 * fields through the header, so rows are not checked (nor their problems repeated) until it is right.
 */
export function headerProblems(names: readonly string[]): string[] {
  const problems: string[] = [];
  const first = new Map<string, number>();
  names.forEach((name, index) => {
    const column = index + 1;
    if (name === "") {
      problems.push(`column ${column} has no name`);
      return;
    }
    const earlier = first.get(name);
    if (earlier !== undefined) {
      problems.push(`column ${column} is named "${name}" like column ${earlier}: name each field once`);
      return;
    }
    first.set(name, column);
    if (!FIELDS.has(name)) {
      const near = nearNames(name, FIELDS, 1)[0];
      problems.push(
        `unknown column ${JSON.stringify(name)}${near ? ` (did you mean "${near}"?)` : ""}; known: ${[...FIELDS].join(", ")}`,
      );
    }
  });
  if (!first.has("hardware_id") && problems.length === 0) problems.push("no hardware_id column");
  return problems;
}

/** Every row checked (names, values, duplicates) before one target is returned; all problems at once. */
export function buildTargets(rows: readonly RawRow[], defaults: TargetDefaults, path: string): FleetTarget[] {
  const problems: string[] = [];
  const targets: FleetTarget[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    if ("problem" in row) {
      problems.push(`line ${row.line}: ${row.problem}`);
      continue;
    }
    const built = buildTarget(row.fields, defaults);
    if (typeof built === "string") {
      problems.push(`line ${row.line}: ${built}`);
      continue;
    }
    const key = targetKey(built);
    const first = seen.get(key);
    if (first !== undefined) problems.push(`line ${row.line}: the same device as line ${first}`);
    else {
      seen.set(key, row.line);
      targets.push(built);
    }
  }
  if (problems.length > 0) throw invalidDevices(problems, path);
  if (targets.length === 0) {
    throw usageError(
      `--devices ${path} names no device: nothing to do.`,
      "Add a header line (hardware_id,license_key) and one line per device, or one JSON object per line.",
      "empty_input",
    );
  }
  return targets;
}

/** One row as a target, or what is wrong with it. */
function buildTarget(
  fields: Readonly<Record<string, unknown>>,
  defaults: TargetDefaults,
): FleetTarget | string {
  const unknown = Object.keys(fields).filter((name) => !FIELDS.has(name));
  if (unknown.length > 0) {
    return `unknown field ${unknown.map((n) => JSON.stringify(n)).join(", ")} (known: ${[...FIELDS].join(", ")})`;
  }
  const text = (name: string): string | undefined | Error => {
    const value = fields[name];
    if (value === undefined || value === null || value === "") return undefined;
    return typeof value === "string" ? value : new Error(`${name} must be text`);
  };
  const hardwareId = text("hardware_id");
  const licenseKey = text("license_key");
  const username = text("username");
  const product = text("product") ?? defaults.product;
  for (const value of [hardwareId, licenseKey, username, product])
    if (value instanceof Error) return value.message;
  if (hardwareId === undefined) return "no hardware_id";
  if (product === undefined) return "no product, and none is configured (--product)";
  const licenseId = integerOf(fields.license_id);
  if (licenseId instanceof Error) return licenseId.message;
  if (licenseKey !== undefined && username !== undefined)
    return "both license_key and username: name one license";
  const named = licenseKey ?? username;
  const license =
    named !== undefined
      ? {
          ...(licenseKey !== undefined
            ? { license_key: licenseKey as string }
            : { username: username as string }),
        }
      : defaults.licenseKey !== undefined
        ? { license_key: defaults.licenseKey }
        : defaults.username !== undefined
          ? { username: defaults.username }
          : undefined;
  if (!license)
    return "no license_key or username, and no license is configured (--license-key or --username)";
  // The configured license ID pins the configured license only, never one the row names.
  const pinned = licenseId ?? (named === undefined ? defaults.licenseId : undefined);
  return {
    product: product as string,
    hardware_id: hardwareId as string,
    ...license,
    ...(pinned !== undefined ? { license_id: pinned } : {}),
  };
}

function integerOf(value: unknown): number | undefined | Error {
  if (value === undefined || value === null || value === "") return undefined;
  const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number === "number" && Number.isSafeInteger(number) && number > 0) return number;
  return new Error(`license_id must be a positive whole number, got ${JSON.stringify(value)}`);
}

/** The usage error for a devices file's problems: one line each, under a one-line message. */
export function invalidDevices(problems: readonly string[], path: string) {
  const shown = problems.slice(0, 10);
  const more = problems.length > 10 ? [`… and ${problems.length - 10} more`] : [];
  return usageError(
    `--devices ${path} has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was sent:`,
    "Name each device with hardware_id, plus license_key or username unless one is configured; license_id and product are optional.",
    "invalid_devices_file",
    [...shown, ...more],
  );
}
