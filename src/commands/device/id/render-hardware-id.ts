import { describeSource } from "../../../config/source.js";
import type {
  Derivation,
  HardwareIdExplanation,
  HardwareIdWarning,
} from "../../../hardware-id/explain-hardware-id.js";
import { escapeControl } from "../../../output/escape-terminal.js";
import type { Output } from "../../../output/output.js";

/**
 * `device id --json`: `{hardware_id, source, method, derivation, warnings}`, sources with descriptions; with
 * an ID read from the app's license file, `this_machine`: what licensectl's rules derive here instead.
 */
function hardwareIdJson({
  hardwareId,
  method,
  derivation,
  warnings,
  fileComparison,
}: HardwareIdExplanation): string {
  return JSON.stringify(
    {
      hardware_id: hardwareId.value,
      source: { ...hardwareId.source, description: describeSource(hardwareId.source) },
      method: method && { value: method.value, source: describeSource(method.source) },
      derivation,
      warnings,
      ...(fileComparison
        ? {
            this_machine: {
              derived: fileComparison.derived,
              matches: fileComparison.matches,
              verdict: fileComparison.verdict,
            },
          }
        : {}),
    },
    null,
    2,
  );
}

/** `device id --explain`: labelled lines for people, then each warning with its advice. */
function explanationText({
  hardwareId,
  method,
  derivation,
  warnings,
  fileComparison,
}: HardwareIdExplanation): string {
  const fields: Array<[string, string]> = [
    ["hardware ID", hardwareId.value],
    ["source", describeSource(hardwareId.source)],
  ];
  if (fileComparison) {
    fields.push(
      ["derived", "no: read from the app's license file, sent verbatim"],
      ...fileComparison.derived.map(({ method, id }): [string, string] => [
        `this machine`,
        `${method}: ${id === null ? "no ID here" : id === fileComparison.fileId ? `${id} (the same)` : `${id} (differs)`}`,
      ]),
      ["the app", fileComparison.verdict],
    );
  } else if (!derivation || !method) {
    fields.push(["derived", "no: configured, so sent exactly as given"]);
  } else {
    fields.push(
      ["method", `${method.value} (${describeSource(method.source)})`],
      ...derivationFields(derivation),
    );
  }
  const width = Math.max(...fields.map(([label]) => label.length));
  const lines = fields.map(([label, value]) => `${label.padEnd(width)}  ${escapeControl(value)}`);
  const other = derivation?.other;
  if (other && other.same !== true) lines.push("", escapeControl(other.note));
  for (const warning of warnings) lines.push("", ...warningLines(warning));
  return lines.join("\n");
}

function derivationFields(derivation: Derivation): Array<[string, string]> {
  const fields: Array<[string, string]> = [
    ["rule", derivation.rule],
    [
      "verified",
      derivation.verified
        ? "yes: this is what LicenseSpring's SDK sends on Linux"
        : `no: not verified against LicenseSpring's SDK on ${derivation.platform}; the Devices view of the LicenseSpring platform shows the registered ID`,
    ],
    ["platform", derivation.platform],
    ["read", derivation.read],
    ["command", derivation.command ?? "none: read in-process"],
  ];
  if (derivation.files.length > 0) {
    fields.push(["files", derivation.files.map((f) => `${f.path} (${f.state})`).join(", ")]);
  }
  fields.push(["hashed", derivation.hashed]);
  if (derivation.reproduced !== null) {
    fields.push(["reproduced", derivation.reproduced ? "yes: hashing that gives this ID" : "no"]);
  }
  const other = derivation.other;
  if (other) {
    const verdict =
      other.same === true ? "the same ID" : other.id === null ? "unknown here" : `${other.id} (differs)`;
    fields.push(["other rule", `${other.method}: ${verdict}`]);
  }
  return fields;
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
