import { getDeviceVariables } from "../../../api/device-variables.js";
import type { Context } from "../../../context.js";
import { usageError } from "../../../core/cli-error.js";
import { journalledTrack } from "../../../journal/device-journal.js";
import { loadDisplayWidth } from "../../../output/display-width.js";
import { renderEnv } from "../../../output/env-format.js";
import { renderTsv } from "../../../output/tsv-format.js";
import { renderVariables } from "../../../output/variables-table.js";
import { openDeviceSession } from "../../../sessions/device-session.js";
import { planChanges } from "../../../variables/change-plan.js";
import { toVariablesObject } from "../../../variables/variable-args.js";
import { chooseFormat } from "../../choose-output-format.js";
import { collectSetVariables, type SetInputOptions } from "./collect-set-variables.js";
import { type FleetOptions, runFleet } from "./fleet/fleet-run.js";
import { renderPlan } from "./render-plan.js";

export interface VarsSetOptions extends SetInputOptions {
  /** `--dry-run`: read the device's variables, print what would change, send nothing. */
  readonly dryRun: boolean;
  /** `--output`; table when absent (json with --json). */
  readonly output?: SetFormat | undefined;
  /** `--devices FILE` or `--all-devices`, with the flags of such a run; absent: the one configured device. */
  readonly fleet?: FleetOptions | undefined;
}

export type SetFormat = "table" | "json" | "env" | "tsv";

export async function runVarsSet(
  ctx: Context,
  pairs: readonly string[],
  options: VarsSetOptions,
): Promise<void> {
  const format = chooseFormat(ctx.globals.json, options.output, "table");
  if (options.dryRun && format === "env") {
    throw usageError(
      "--dry-run prints a plan, which has no KEY='value' form.",
      "Use --output table, json or tsv with --dry-run.",
      "conflicting_options",
    );
  }
  // Every argument and the whole file are checked before anything else happens: bad input sends nothing.
  const variables = await collectSetVariables(ctx, pairs, options);
  if (options.fleet) return runFleet(ctx, variables, options.fleet);
  const session = await openDeviceSession(ctx);
  if (options.dryRun) {
    const current = await getDeviceVariables(session.api, session.target);
    await loadDisplayWidth([
      ...current.map((v) => String(v.value)),
      ...[...variables].flatMap(([k, v]) => [k, String(v)]),
    ]);
    renderPlan(ctx.out, planChanges(current, variables), session.hardwareId, format === "tsv");
    return;
  }
  const tracked = await journalledTrack(
    ctx,
    session.api,
    session.target,
    toVariablesObject(variables),
    session.settings.journal?.value !== false,
  );
  if (format === "env" || format === "tsv") {
    (format === "env" ? renderEnv : renderTsv)(ctx.out, tracked);
    return;
  }
  await loadDisplayWidth(tracked.flatMap((v) => [v.variable, String(v.value)]));
  renderVariables(ctx.out, {
    variables: tracked,
    hardwareId: session.hardwareId,
    heading: `Tracked ${tracked.length} variable${tracked.length === 1 ? "" : "s"}`,
    emptyMessage: "The server tracked no variables.",
  });
}
