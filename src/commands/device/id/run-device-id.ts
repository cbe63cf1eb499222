import { SETTINGS } from "../../../config/schema.js";
import { usageError } from "../../../core/cli-error.js";
import { shellQuote } from "../../../core/shell-quote.js";
import { compareFileHardwareId } from "../../../hardware-id/compare-file-id.js";
import { nodeMachineId } from "../../../hardware-id/derive-hardware-id.js";
import { explainHardwareId } from "../../../hardware-id/explain-hardware-id.js";
import { systemReads } from "../../../hardware-id/machine-facts.js";
import { hardwareIdMethod, resolveHardwareId } from "../../../hardware-id/resolve-hardware-id.js";
import { renderHardwareId } from "./render-hardware-id.js";
import type { DeviceIdInput } from "./verb.js";

/** The hardware ID this run would send; needs no credentials, product or license. */
export async function runDeviceId({
  out,
  io,
  flags: options,
  format,
  settings: loadSettings,
}: DeviceIdInput): Promise<void> {
  if (format === "env" && options.explain) {
    throw usageError(
      "--explain prints an explanation, which has no KEY='value' form.",
      "Use --explain alone, or --explain --json.",
      "conflicting_options",
    );
  }
  const { settings } = loadSettings();
  const hardwareId = await resolveHardwareId(settings);
  const derived = hardwareId.source.type === "derived";
  // Off Linux the other rule needs the OS machine ID, which only node-machine-id reads (a shell, ~30 ms).
  const osMachineId = derived && process.platform !== "linux" ? await readOsMachineId() : undefined;
  const explained = explainHardwareId(hardwareId, hardwareIdMethod(settings), () =>
    systemReads(io.env, osMachineId),
  );
  // From the app's license file: what this machine derives instead, for --explain and --json only.
  const fromFile = hardwareId.source.type === "license-file" && (options.explain || format === "json");
  const explanation = fromFile
    ? { ...explained, fileComparison: await compareFileHardwareId(hardwareId.value) }
    : explained;
  if (format === "env") {
    // The line that makes every later run send this same ID, even where derivation would differ.
    // shellQuote keeps control characters inside quotes: fine for `eval`, not for a terminal.
    out.values([`${SETTINGS.hardwareId.env}=${shellQuote(hardwareId.value)}`]);
    for (const warning of explanation.warnings) out.warn(`${warning.message} ${warning.advice}`);
    return;
  }
  renderHardwareId(out, explanation, options.explain);
}

async function readOsMachineId(): Promise<string | undefined> {
  try {
    return await nodeMachineId(true);
  } catch {
    return undefined;
  }
}
