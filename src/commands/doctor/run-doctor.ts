import { CliError } from "../../core/cli-error.js";
import { redactUrlPasswords } from "../../core/redact-url.js";
import { escapeControl } from "../../output/escape-terminal.js";
import type { Output } from "../../output/output.js";
import { wrapWords } from "../../output/wrap-words.js";
import { type CheckResult, runDoctor } from "./doctor-checks.js";
import type { DoctorInput } from "./verb.js";

const MARKS = { ok: "✓", warn: "!", fail: "✗", skip: "-" } as const;

/** One line per check (✓ ! ✗ -), the fix under each problem; non-zero exit when any check fails. */
export async function runDoctorCommand({ ctx }: DoctorInput): Promise<void> {
  const results = (await runDoctor(ctx)).map((result) => scrubbed(ctx.out, result));
  const failure = results.find((result) => result.status === "fail");
  if (ctx.out.json) {
    ctx.out.result(
      JSON.stringify(
        {
          ok: !failure,
          checks: results.map(({ name, status, detail, fix }) => ({
            name,
            status,
            detail,
            fix: fix ?? null,
          })),
        },
        null,
        2,
      ),
    );
  } else {
    ctx.out.result(renderChecks(ctx.out, results));
  }
  if (failure) {
    const cause = failure.error ?? new CliError("internal", failure.detail);
    // The report above already says everything: exit with the failing check's code, without repeating it.
    throw new CliError(cause.kind, `doctor: the "${failure.name}" check failed.`, {
      code: "doctor_failed",
      hint: "Fix the checks marked ✗ above, then run licensectl doctor again.",
    });
  }
}

/** Details and fixes quote servers' error messages, and a server may echo a secret back: stdout gets none. */
function scrubbed(out: Output, result: CheckResult): CheckResult {
  const { detail, fix } = result;
  return { ...result, detail: out.scrub(detail), fix: fix === undefined ? fix : out.scrub(fix) };
}

/**
 * One line per check; on a terminal, a detail or fix longer than the line wraps at word boundaries with a
 * hanging indent under the column it started in (in a pipe each stays one line, for grep).
 */
function renderChecks(out: Output, results: readonly CheckResult[]): string {
  const paint = out.stdoutPaint;
  const colour = { ok: paint.green, warn: paint.yellow, fail: paint.red, skip: paint.dim } as const;
  const width = Math.max(...results.map((r) => r.name.length));
  const columns = out.tableWidth;
  const detailColumn = width + 4;
  return results
    .map((r) => {
      const text = `${r.name.padEnd(width)}  ${escapeControl(redactUrlPasswords(r.detail))}`;
      const line = `${colour[r.status](MARKS[r.status])} ${wrapWords(`  ${text}`, columns, detailColumn).slice(2)}`;
      if (!r.fix || r.status === "ok") return line;
      const fix = wrapWords(
        `${" ".repeat(detailColumn)}fix: ${escapeControl(r.fix)}`,
        columns,
        detailColumn + 5,
      );
      return `${line}\n${fix
        .split("\n")
        .map((l) => `${" ".repeat(detailColumn)}${paint.dim(l.slice(detailColumn))}`)
        .join("\n")}`;
    })
    .join("\n");
}
