import { getDeviceVariables } from "../../../api/device-variables.js";
import type { ManagementApi } from "../../../api/management.js";
import type { ResolvedSettings } from "../../../config/resolve.js";
import type { Context } from "../../../context.js";
import { CliError, cancelledError, OUTCOME_EXIT_CODES, OutcomeExit } from "../../../core/cli-error.js";
import { NO_JOURNAL, startRunJournal } from "../../../journal/run-journal.js";
import { loadDisplayWidth } from "../../../output/display-width.js";
import { failureOutcome, summarizeWrite } from "../../../output/github-actions-summary.js";
import { openManagementApi } from "../../../sessions/management-session.js";
import { confirmWrite } from "../../../terminal/prompt.js";
import { type ApplyStep, countApply, planApply, variablesToRemove } from "../../../variables/apply-plan.js";
import { readFleetFlags } from "../set/fleet/fleet-flags.js";
import { readVariablesFile } from "../set/read-variables-file.js";
import { applyPlanToDevice } from "./apply-device.js";
import { describeCounts, planTable, renderApply } from "./render-apply.js";
import type { VarsApplyInput } from "./verb.js";

/**
 * Make one device's variables equal a file: read the file, read the device, plan (add / change / remove /
 * same), then either stop there (--dry-run) or send one track request with what is new or different and,
 * with --prune, delete the rest through the Management API, asking first.
 */
export async function runVarsApply({ ctx, flags, settings, device }: VarsApplyInput): Promise<void> {
  const options = { ...flags, stringsOnly: flags.string };
  // `--devices FILE` or `--all-devices` (checked once, as for vars set); absent: the configured device.
  const fleet = readFleetFlags(flags, flags.dryRun);
  // The whole file is checked before any request: a bad file sends nothing.
  const desired = await readVariablesFile(ctx, {
    path: options.file,
    format: options.format,
    stringsOnly: options.stringsOnly,
  });
  if (fleet)
    return (await import("./apply-fleet.js")).runApplyFleet(ctx, desired, options.file, options.prune, fleet);
  // A dry run reads with the License API only: a drift check needs no Management API key. Both sessions
  // share the run's settings, loaded once.
  const management = options.prune && !options.dryRun ? openPruneApi(ctx, settings().settings) : undefined;
  const session = await device();
  const current = await getDeviceVariables(session.api, session.target);
  const plan = planApply(current, desired, options.prune);
  const counts = countApply(plan);
  await loadDisplayWidth(plan.flatMap((s) => [s.variable, String(s.old_value), String(s.new_value)]));

  if (options.dryRun) {
    renderApply(ctx.out, plan, counts, session.hardwareId, false);
    if (counts.changes > 0) throw new OutcomeExit(OUTCOME_EXIT_CODES.changesPending);
    return;
  }
  const removals = variablesToRemove(plan);
  if (removals.length > 0) await confirmRemovals(ctx, plan, removals.length, options.yes);

  const summary = { command: "vars apply", device: session.hardwareId.value };
  const changes = plan.filter((s) => s.action !== "same");
  // Journalled like every write (undo reverses it): the values before are the ones just read.
  // --no-journal (journal: false) turns it off, as for every write.
  const journal =
    counts.changes > 0 && session.settings.journal?.value !== false
      ? startRunJournal(ctx, "apply")
      : NO_JOURNAL;
  const readId = current[0]?.device_id;
  try {
    await applyPlanToDevice(session.api, session.target, plan, journal, management, readId);
    journal.end("ok");
  } catch (error) {
    journal.end("failed");
    summarizeWrite(ctx.io.env, ctx.out, {
      ...summary,
      changes: summaryRows(changes),
      outcome: failureOutcome(error),
      failed: true,
    });
    throw error;
  }
  summarizeWrite(ctx.io.env, ctx.out, {
    ...summary,
    changes: summaryRows(changes),
    outcome: counts.changes === 0 ? "already as the file says; nothing sent" : describeCounts(counts, true),
    failed: false,
  });
  renderApply(ctx.out, plan, counts, session.hardwareId, true);
  if (journal.id)
    ctx.out.info(`Journal: run ${journal.id}; take it back with licensectl undo ${journal.id}.`);
}

/** --prune needs the Management API: without its key, say so before any request. */
function openPruneApi(ctx: Context, settings: ResolvedSettings): ManagementApi {
  try {
    return openManagementApi(ctx, settings).api;
  } catch (error) {
    if (error instanceof CliError && error.code === "missing_management_key") {
      throw new CliError(
        "config",
        "vars apply --prune deletes variables the file does not name, which needs the Management API, and no Management API key is configured.",
        {
          code: error.code,
          hint: `${error.hint ?? ""} Or drop --prune to set the file's variables and leave the others as they are.`.trim(),
        },
      );
    }
    throw error;
  }
}

/**
 * Deleting asks first, through the one ask-first rule (confirmWrite: --yes answers; without a terminal,
 * with --no-input or in CI it is refused before anything is sent). The question shows the plan.
 */
async function confirmRemovals(
  ctx: Context,
  plan: readonly ApplyStep[],
  count: number,
  yes: boolean,
): Promise<void> {
  const width = ctx.io.stderr.isTTY ? ctx.io.stderr.columns : undefined;
  const question = [
    ctx.out.stderrPaint.dim("The plan:"),
    planTable(plan, ctx.out.stderrPaint, width),
    `Apply it, deleting ${count} variable${count === 1 ? "" : "s"}?`,
  ].join("\n");
  const what = `vars apply --prune would delete ${count} variable${count === 1 ? "" : "s"}`;
  if (!(await confirmWrite(ctx.io, ctx.globals.input, question, yes, what)))
    throw cancelledError("Cancelled: nothing was sent.");
}

function summaryRows(changes: readonly ApplyStep[]) {
  return changes.map((s) => ({ variable: s.variable, before: s.old_value, after: s.new_value }));
}
