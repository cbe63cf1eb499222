import { getDeviceVariables } from "../../../api/device-variables.js";
import { usageError } from "../../../core/cli-error.js";
import { journalledTrack } from "../../../journal/device-journal.js";
import { loadDisplayWidth } from "../../../output/display-width.js";
import { renderEnv } from "../../../output/env-format.js";
import { renderTsv } from "../../../output/tsv-format.js";
import { renderVariables } from "../../../output/variables-table.js";
import { planChanges } from "../../../variables/change-plan.js";
import { toVariablesObject } from "../../../variables/variable-args.js";
import { collectSetVariables } from "./collect-set-variables.js";
import { readFleetFlags } from "./fleet/fleet-flags.js";
import { runFleet } from "./fleet/fleet-run.js";
import { renderPlan } from "./render-plan.js";
import type { VarsSetInput } from "./verb.js";

export async function runVarsSet({ ctx, args: [pairs], flags, format, device }: VarsSetInput): Promise<void> {
  // `--devices FILE` or `--all-devices`, with the flags of such a run, checked here once; absent: one device.
  const fleet = readFleetFlags(flags, flags.dryRun);
  const options = { stringsOnly: flags.string, file: flags.file, format: flags.format, dryRun: flags.dryRun };
  if (options.dryRun && format === "env") {
    throw usageError(
      "--dry-run prints a plan, which has no KEY='value' form.",
      "Use --output table, json or tsv with --dry-run.",
      "conflicting_options",
    );
  }
  // Every argument and the whole file are checked before anything else happens: bad input sends nothing.
  const variables = await collectSetVariables(ctx, pairs, options);
  if (fleet) return runFleet(ctx, variables, fleet);
  const session = await device();
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
    { command: "vars set", device: session.hardwareId.value, done: (count) => `${count} set` },
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
