import type { ManagementApi } from "../../../api/management.js";
import type { ListedDevice } from "../../../api/management-device-listing.js";
import {
  deleteDeviceVariable,
  listDeviceVariables,
  type ManagedVariable,
} from "../../../api/management-devices.js";
import { mayHaveBeenCarriedOut } from "../../../api/network-errors.js";
import { CliError, usageError } from "../../../core/cli-error.js";
import type { ManagementSession } from "../../../sessions/management-session.js";
import { quoteList } from "../../../variables/variable-args.js";
import { findDevice } from "./find-device.js";

/** What `vars unset` will do, decided before anything is deleted. */
export interface UnsetPlan {
  readonly device: ListedDevice;
  /** The named variables present on the device, sorted by name. */
  readonly targets: readonly ManagedVariable[];
  /** Named but not on the device (only with --ignore-missing; otherwise that is an error). */
  readonly skipped: readonly string[];
}

/** Variable names as given: not empty, not KEY=VALUE; a name given twice counts once. */
export function parseVariableNames(args: readonly string[]): string[] {
  for (const name of args) {
    if (name === "")
      throw usageError("A variable name is empty.", "Pass the names to delete.", "invalid_variable");
    if (name.includes("=")) {
      throw usageError(
        `"${name}" is not a variable name: vars unset takes names, not KEY=VALUE.`,
        `Pass just the name, e.g. licensectl vars unset ${name.slice(0, name.indexOf("=")) || "KEY"}.`,
        "invalid_variable",
      );
    }
  }
  return [...new Set(args)];
}

/** Find the one device (find-device.ts) and its variables; every named key must be there unless ignoreMissing. */
export async function planUnset(
  session: ManagementSession,
  names: readonly string[],
  ignoreMissing: boolean,
): Promise<UnsetPlan> {
  const device = await findDevice(session.api, session.hardwareId, session.license);
  const variables = await listDeviceVariables(session.api, device.id);
  const present = new Set(variables.map((v) => v.variable));
  const missing = names.filter((name) => !present.has(name));
  if (missing.length > 0 && !ignoreMissing) {
    const what = `No variable${missing.length === 1 ? "" : "s"} ${quoteList(missing)} on device ${device.id}`;
    throw new CliError("api", `${what}. Nothing was deleted.`, {
      code: "variable_not_found",
      hint: "Check the names with `licensectl vars list`, or pass --ignore-missing to delete the others and skip these.",
    });
  }
  const wanted = new Set(names);
  // listDeviceVariables sorts by name, and filtering keeps that order.
  const targets = variables.filter((v) => wanted.has(v.variable));
  return { device, targets, skipped: missing };
}

/**
 * Delete one by one. A failure says which were deleted, which were not, and which may have been (a DELETE
 * whose answer was lost): the rest are never tried.
 */
export async function applyUnset(
  api: ManagementApi,
  plan: Pick<UnsetPlan, "targets">,
  onDeleted: (variable: ManagedVariable) => void = () => {},
): Promise<ManagedVariable[]> {
  const deleted: ManagedVariable[] = [];
  for (const [index, target] of plan.targets.entries()) {
    try {
      await deleteDeviceVariable(api, target.id);
      onDeleted(target);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      throw partialFailure(error, deleted, target, plan.targets.slice(index + 1));
    }
    deleted.push(target);
  }
  return deleted;
}

function partialFailure(
  error: CliError,
  deleted: readonly ManagedVariable[],
  failed: ManagedVariable,
  untried: readonly ManagedVariable[],
): CliError {
  const names = (variables: readonly ManagedVariable[]) =>
    variables.length === 0 ? "none" : quoteList(variables.map((v) => v.variable));
  const unknown = mayHaveBeenCarriedOut(error);
  const groups = [
    `Deleted before the failure: ${names(deleted)}`,
    ...(unknown ? [`unknown (may have been deleted): ${names([failed])}`] : []),
    `not deleted: ${names(unknown ? untried : [failed, ...untried])}`,
  ];
  const finish = "To finish, run the same command with --ignore-missing: names already deleted are skipped.";
  return new CliError(error.kind, `${error.message.replace(/([^.])$/, "$1.")} ${groups.join("; ")}.`, {
    code: error.code,
    status: error.status,
    hint: error.hint ? `${error.hint} ${finish}` : finish,
    cause: error,
  });
}
