import { getDeviceVariables, trackDeviceVariables } from "../../../api/device-variables.js";
import type { ManagedVariable } from "../../../api/management-devices.js";
import { listDeviceVariables } from "../../../api/management-devices.js";
import type { Context } from "../../../context.js";
import {
  CliError,
  cancelledError,
  OUTCOME_EXIT_CODES,
  OutcomeExit,
  usageError,
} from "../../../core/cli-error.js";
import { loadDisplayWidth } from "../../../output/display-width.js";
import { failureOutcome, summarizeWrite } from "../../../output/github-actions-summary.js";
import { openDeviceSession } from "../../../sessions/device-session.js";
import { type ManagementSession, openManagementSession } from "../../../sessions/management-session.js";
import { createPrompter, whyNoPrompts } from "../../../terminal/prompt.js";
import {
  type ApplyStep,
  countApply,
  planApply,
  variablesToRemove,
  variablesToSend,
} from "../../../variables/apply-plan.js";
import { readVariablesFile } from "../set/read-variables-file.js";
import { findDevice } from "../unset/find-device.js";
import { applyUnset } from "../unset/unset-plan.js";
import { describeCounts, planTable, renderApply } from "./render-apply.js";
import type { VarsApplyInput } from "./verb.js";

/**
 * Make one device's variables equal a file: read the file, read the device, plan (add / change / remove /
 * same), then either stop there (--dry-run) or send one track request with what is new or different and,
 * with --prune, delete the rest through the Management API, asking first.
 */
export async function runVarsApply({ ctx, flags }: VarsApplyInput): Promise<void> {
  const options = { ...flags, stringsOnly: flags.string };
  // The whole file is checked before any request: a bad file sends nothing.
  const desired = await readVariablesFile(ctx, {
    path: options.file,
    format: options.format,
    stringsOnly: options.stringsOnly,
  });
  // A dry run reads with the License API only: a drift check needs no Management API key.
  const management = options.prune && !options.dryRun ? await openPruneSession(ctx) : undefined;
  const session = await openDeviceSession(ctx);
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
  if (removals.length > 0 && !options.yes) await confirmRemovals(ctx, plan, removals.length);

  const summary = { command: "vars apply", device: session.hardwareId.value };
  const changes = plan.filter((s) => s.action !== "same");
  try {
    const send = variablesToSend(plan);
    if (Object.keys(send).length > 0) await trackDeviceVariables(session.api, session.target, send);
    if (management && removals.length > 0) await prune(management, removals, Object.keys(send).length);
  } catch (error) {
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
}

/** --prune needs the Management API: without its key, say so before any request. */
async function openPruneSession(ctx: Context): Promise<ManagementSession> {
  try {
    return await openManagementSession(ctx);
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
 * Deleting asks first: on a terminal, y/N (default No); without one, or in CI (CI=true), only --yes answers,
 * and the refusal names it before anything is sent.
 */
async function confirmRemovals(ctx: Context, plan: readonly ApplyStep[], count: number): Promise<void> {
  // whyNoPrompts is the one place that decides whether this run may ask (terminal, --no-input, CI).
  const refusal = whyNoPrompts(ctx.io, ctx.globals.input);
  if (refusal !== undefined) {
    throw usageError(
      `vars apply --prune would delete ${count} variable${count === 1 ? "" : "s"}, and deleting needs an answer, but ${refusal}. Nothing was sent.`,
      "Pass --yes to apply and delete without asking (check the plan first with --dry-run).",
      "prompt_refused",
    );
  }
  const prompter = createPrompter(ctx.io, ctx.globals.input);
  try {
    const width = ctx.io.stderr.isTTY ? ctx.io.stderr.columns : undefined;
    const question = [
      ctx.out.stderrPaint.dim("The plan:"),
      planTable(plan, ctx.out.stderrPaint, width),
      `Apply it, deleting ${count} variable${count === 1 ? "" : "s"}?`,
    ].join("\n");
    if (!(await prompter.confirm(question, "--yes"))) throw cancelledError("Cancelled: nothing was sent.");
  } finally {
    prompter.close();
  }
}

/** Delete by name on the device the Management API finds for the same hardware ID; gone already is fine. */
async function prune(management: ManagementSession, names: readonly string[], sent: number): Promise<void> {
  const device = await findDevice(management.api, management.hardwareId, management.license);
  const listed = await listDeviceVariables(management.api, device.id);
  const wanted = new Set(names);
  const targets: ManagedVariable[] = listed.filter((v) => wanted.has(v.variable));
  try {
    await applyUnset(management.api, { device, targets, skipped: [] });
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    const before =
      sent > 0 ? `The ${sent} new or changed variable${sent === 1 ? " was" : "s were"} set; then ` : "";
    throw new CliError(error.kind, `${before}${error.message.replace(/ To finish.*$/, "")}`, {
      code: error.code,
      status: error.status,
      hint: "Run the same vars apply again: what already matches the file is left alone, so only the rest is done.",
      cause: error,
    });
  }
}

function summaryRows(changes: readonly ApplyStep[]) {
  return changes.map((s) => ({ variable: s.variable, before: s.old_value, after: s.new_value }));
}
