import { existsSync } from "node:fs";
import { discoverConfig } from "../../../config/files.js";
import type { Context } from "../../../context.js";
import { escapeControl } from "../../../output/escape-terminal.js";
import { renderTable } from "../../../output/text-table.js";
import type { ConfigPathInput } from "./verb.js";

export type PlaceStatus = "used" | "present, not used" | "ignored: not yours" | "absent";

/** Every place looked at, in search order, and what was there. */
export function describeSearch(ctx: Pick<Context, "io" | "globals">) {
  const explicitPath = ctx.globals.config ?? (ctx.io.env.LICENSECTL_CONFIG || undefined);
  const discovery = discoverConfig({
    cwd: ctx.io.cwd,
    env: ctx.io.env,
    homedir: ctx.io.homedir,
    explicitPath,
  });
  const used = new Map(discovery.files.map((file) => [file.path, file.scope]));
  const ignored = new Set((discovery.ignored ?? []).map((file) => file.path));
  const places = discovery.searched.map((path) => {
    const status: PlaceStatus = used.has(path)
      ? "used"
      : ignored.has(path)
        ? "ignored: not yours"
        : existsSync(path)
          ? "present, not used"
          : "absent";
    return { path, status, scope: used.get(path) ?? null };
  });
  return {
    explicit: explicitPath !== undefined,
    files: discovery.files.map(({ path, scope }) => ({ path, scope })),
    places,
  };
}

export async function runConfigPath({ ctx }: ConfigPathInput): Promise<void> {
  const search = describeSearch(ctx);
  if (ctx.out.json) {
    ctx.out.result(JSON.stringify(search, null, 2));
    return;
  }
  const paint = ctx.out.stdoutPaint;
  const used = search.files.length
    ? search.files.map((file) => `  ${file.scope.padEnd(8)} ${escapeControl(file.path)}`).join("\n")
    : "  (none: defaults and environment only)";
  const how = search.explicit
    ? "the file named by --config / LICENSECTL_CONFIG"
    : "user file, then project search upwards";
  const table = renderTable(
    [{ header: "PLACE" }, { header: "STATUS" }],
    search.places.map((place) => [place.path, place.status]),
    paint,
  );
  ctx.out.result(`Used (lowest precedence first):\n${used}\n\nSearched (${how}):\n${table}`);
}
