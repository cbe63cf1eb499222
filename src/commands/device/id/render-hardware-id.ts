import { describeSource } from "../../../config/source.js";
import type { HardwareIdExplanation, HardwareIdWarning } from "../../../hardware-id/explain-hardware-id.js";
import { escapeControl } from "../../../output/escape-terminal.js";
import type { Output } from "../../../output/output.js";

/** `device id --json`: `{hardware_id, source, derivation, warnings}`, the source with its description. */
function hardwareIdJson({ hardwareId, derivation, warnings }: HardwareIdExplanation): string {
  return JSON.stringify(
    {
      hardware_id: hardwareId.value,
      source: { ...hardwareId.source, description: describeSource(hardwareId.source) },
      derivation,
      warnings,
    },
    null,
    2,
  );
}

/** `device id --explain`: labelled lines for people, then each warning with its advice. */
function explanationText({ hardwareId, derivation, warnings }: HardwareIdExplanation): string {
  const fields: Array<[string, string]> = [
    ["hardware ID", hardwareId.value],
    ["source", describeSource(hardwareId.source)],
  ];
  if (!derivation) {
    fields.push(["derived", "no: configured, so sent exactly as given"]);
  } else {
    fields.push(
      ["method", `${derivation.method}: SHA-256 (hex) of what the command prints`],
      ["platform", derivation.platform],
      ["command", derivation.command ?? "none"],
    );
    if (derivation.files.length > 0) {
      fields.push(["files", derivation.files.map((f) => `${f.path} (${f.state})`).join(", ")]);
    }
    fields.push(["hashed", derivation.hashed]);
    if (derivation.reproduced !== null) {
      fields.push(["reproduced", derivation.reproduced ? "yes: hashing that gives this ID" : "no"]);
    }
  }
  const width = Math.max(...fields.map(([label]) => label.length));
  const lines = fields.map(([label, value]) => `${label.padEnd(width)}  ${escapeControl(value)}`);
  for (const warning of warnings) lines.push("", ...warningLines(warning));
  return lines.join("\n");
}

function warningLines(warning: HardwareIdWarning): string[] {
  return [`warning: ${escapeControl(warning.message)}`, `  ${escapeControl(warning.advice)}`];
}

/**
 * Plain `device id`: the ID alone on stdout, raw for `$(…)` and pipes, escaped on a terminal; any warning
 * on stderr.
 */
export function renderHardwareId(out: Output, explanation: HardwareIdExplanation, explain: boolean): void {
  if (out.json) {
    out.result(hardwareIdJson(explanation));
  } else if (explain) {
    out.result(explanationText(explanation));
  } else {
    const id = explanation.hardwareId.value;
    out.result(out.stdoutIsTTY ? escapeControl(id) : id);
    for (const warning of explanation.warnings) out.warn(`${warning.message} ${warning.advice}`);
  }
}
