import { cancelledError } from "../../../core/cli-error.js";
import { NO_JOURNAL, startRunJournal } from "../../../journal/run-journal.js";
import { loadDisplayWidth } from "../../../output/display-width.js";
import { failureOutcome, summarizeWrite } from "../../../output/github-actions-summary.js";
import { openManagementSession } from "../../../sessions/management-session.js";
import { createPrompter, type Prompter } from "../../../terminal/prompt.js";
import { quoteList } from "../../../variables/variable-args.js";
import { confirmationQuestion, renderDeleted } from "./render-unset.js";
import { applyUnset, parseVariableNames, planUnset } from "./unset-plan.js";
import type { VarsUnsetInput } from "./verb.js";

export async function runVarsUnset({
  ctx,
  args: [keys],
  flags: options,
  format,
}: VarsUnsetInput): Promise<void> {
  const names = parseVariableNames(keys);
  const session = await openManagementSession(ctx);
  const prompter = createPrompter(ctx.io, ctx.globals.input);
  // Nobody can answer and there is no --yes: refuse before any request (confirm() throws that usage error).
  if (!options.yes && !prompter.interactive) await prompter.confirm("Delete?", "--yes");

  const plan = await planUnset(session, names, options.ignoreMissing);
  await loadDisplayWidth(plan.targets.flatMap((v) => [v.variable, String(v.value)]));
  if (plan.skipped.length > 0) ctx.out.info(`Not on the device, skipped: ${quoteList(plan.skipped)}.`);
  const view = { device: plan.device, hardwareId: session.hardwareId, variables: plan.targets };
  if (plan.targets.length > 0 && !options.yes) {
    const width = ctx.io.stderr.isTTY ? ctx.io.stderr.columns : undefined;
    const question = confirmationQuestion(view, ctx.out, ctx.out.stderrPaint, width);
    if (!(await confirmOnce(prompter, question))) throw cancelledError("Cancelled: nothing was deleted.");
  }
  // The journal: each deletion as it is confirmed, with the value the listing gave (undo writes it back).
  const journal = plan.targets.length > 0 ? startRunJournal(ctx, "unset") : NO_JOURNAL;
  const license = session.license;
  const device = {
    product: session.product?.value ?? "",
    hardware_id: plan.device.hardwareId,
    ...(license?.kind === "username"
      ? { username: license.setting.value }
      : plan.device.licenseKey !== undefined
        ? { license_key: plan.device.licenseKey }
        : {}),
    license_id: plan.device.licenseId,
    device_id: plan.device.id,
  };
  const summary = { command: "vars unset", device: session.hardwareId.value };
  const rows = plan.targets.map((v) => ({ variable: v.variable, before: v.value, after: null }));
  let deleted: Awaited<ReturnType<typeof applyUnset>>;
  try {
    deleted = await applyUnset(session.api, plan, (variable) =>
      journal.record({
        device,
        variable: variable.variable,
        before: { state: "value", value: variable.value },
        after: { state: "absent" },
        outcome: "written",
      }),
    );
    journal.end("ok");
  } catch (error) {
    journal.end("failed");
    summarizeWrite(ctx.io.env, ctx.out, {
      ...summary,
      changes: rows,
      outcome: failureOutcome(error),
      failed: true,
    });
    throw error;
  }
  if (deleted.length > 0) {
    summarizeWrite(ctx.io.env, ctx.out, {
      ...summary,
      changes: rows,
      outcome: `${deleted.length} deleted`,
      failed: false,
    });
  }
  renderDeleted(ctx.out, { ...view, variables: deleted }, format === "tsv");
}

/** The one question of this command; the terminal is released right after it. */
async function confirmOnce(prompter: Prompter, question: string): Promise<boolean> {
  try {
    return await prompter.confirm(question, "--yes");
  } finally {
    prompter.close();
  }
}
