import { resolve } from "node:path";
import type { Context } from "../../../../context.js";
import { usageError } from "../../../../core/cli-error.js";
import { RefusedFile, readRegularFile } from "../../../../core/safe-read.js";
import type { FleetTarget } from "./fleet-target.js";
import { parseCsv } from "./parse-devices-csv.js";
import {
  buildTargets,
  headerProblems,
  invalidDevices,
  type RawRow,
  type TargetDefaults,
} from "./validate-device-rows.js";

/** 16 MiB: some 100,000 devices; a larger file is refused before it is read. */
export const MAX_DEVICES_FILE_BYTES = 16 * 1024 * 1024;

/**
 * `--devices FILE`: CSV with a header, or JSON lines (detected by a first `{`), every row checked before
 * anything is sent. Every problem found is reported at once, with its line number, as a usage error.
 */
export async function readDevicesFile(
  ctx: Context,
  path: string,
  defaults: TargetDefaults,
): Promise<FleetTarget[]> {
  const text = await readText(ctx, path, "--devices");
  const rows = text.trimStart().startsWith("{") ? jsonLines(text) : csvRows(text, path);
  return buildTargets(rows, defaults, path);
}

/** The file's text, after judging it: a regular file, at most MAX_DEVICES_FILE_BYTES, UTF-8. */
export async function readText(ctx: Context, path: string, flag: string): Promise<string> {
  let read: Buffer;
  try {
    read = readRegularFile(resolve(ctx.io.cwd, path), { maxBytes: MAX_DEVICES_FILE_BYTES });
  } catch (error) {
    throw usageError(
      `Cannot read ${flag} ${path}: ${whyUnread(error)}.`,
      `Pass the path of a file.`,
      "unreadable_file",
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(read).replace(/^\uFEFF/, "");
  } catch {
    throw usageError(`${flag} ${path} is not UTF-8 text.`, "Save it as UTF-8 and retry.", "invalid_encoding");
  }
}

function whyUnread(error: unknown): string {
  if (error instanceof RefusedFile) {
    if (error.refusal === "kind") return "it is not a regular file";
    if (error.refusal === "size")
      return `it is ${error.size} bytes, more than the ${MAX_DEVICES_FILE_BYTES} allowed`;
    return error.reason;
  }
  const { code, message } = error as NodeJS.ErrnoException;
  return code === "ENOENT" ? "no such file" : message;
}

function csvRows(text: string, path: string): RawRow[] {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    throw usageError(
      `--devices ${path}: ${(error as Error).message}; nothing was sent.`,
      "Quote a field that holds commas, quotes or line breaks, and double the quotes inside it.",
      "invalid_devices_file",
    );
  }
  const [header, ...body] = records;
  if (!header) return [];
  const names = header.fields.map((name) => name.trim());
  const problems = headerProblems(names);
  if (problems.length > 0)
    throw invalidDevices(
      problems.map((p) => `line ${header.line}: ${p}`),
      path,
    );
  return body.map(({ line, fields }) => {
    if (fields.length !== names.length) {
      return { line, problem: `${fields.length} fields where the header has ${names.length}` };
    }
    return { line, fields: Object.fromEntries(names.map((name, i) => [name, fields[i]?.trim() ?? ""])) };
  });
}

function jsonLines(text: string): RawRow[] {
  const rows: RawRow[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      rows.push({ line, problem: "not a JSON object (one object per line)" });
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      rows.push({ line, problem: "not a JSON object (one object per line)" });
      return;
    }
    rows.push({ line, fields: value as Record<string, unknown> });
  });
  return rows;
}
