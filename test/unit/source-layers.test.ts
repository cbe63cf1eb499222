import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The layers of src/, lowest first (docs/architecture.md): a module may import from its own layer and the
 * ones below it, never from a layer above. src/context.ts holds only the types a command receives and sits
 * between output/ and terminal/.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["core"],
  ["config", "variables", "emulator"],
  ["license-file"],
  ["hardware-id", "api"],
  ["output"],
  ["context.ts", "terminal"],
  ["sessions", "journal"],
  ["commands"],
  ["cli.ts"],
  ["entry"],
];

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The top-level part of src/ a file belongs to: its folder, or the file itself for cli.ts and context.ts. */
function partOf(file: string): string {
  return (relative(SRC, file).split("/")[0] ?? "").replace(/\.js$/, ".ts");
}

function layerOf(part: string): number {
  const index = LAYERS.findIndex((layer) => layer.includes(part));
  if (index < 0) throw new Error(`src/${part} is in no layer: add it to LAYERS and docs/architecture.md`);
  return index;
}

/** Every relative import (static, type-only or dynamic) of a file, as the part of src/ it lands in. */
function importedParts(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)"(\.{1,2}\/[^"]+)"/g)].map(
    (m) => m[1] ?? "",
  );
  return specifiers
    .map((specifier) => resolve(dirname(file), specifier))
    .filter((target) => target.startsWith(SRC))
    .map(partOf);
}

describe("the layers of src/", () => {
  const files = sourceFiles(SRC);

  it("holds nothing loose at the top but the entry points of the layers", () => {
    const loose = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
    expect(loose.sort()).toEqual(["cli.ts", "context.ts"]);
  });

  it("never imports from a layer above (so no import cycle between folders)", () => {
    const upward = files.flatMap((file) =>
      importedParts(file)
        .filter((target) => layerOf(target) > layerOf(partOf(file)))
        .map((target) => `${relative(SRC, file)} imports from ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it("imports LicenseSpring's SDK nowhere: it is the tests' oracle for the license file, not a dependency", () => {
    const importers = files
      .filter((file) => /["']@licensespring\//.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    expect(importers).toEqual([]);
  });

  it("lets nothing import src/entry/, the process start-up", () => {
    const intoEntry = files
      .filter((file) => partOf(file) !== "entry" && importedParts(file).includes("entry"))
      .map((file) => relative(SRC, file));
    expect(intoEntry).toEqual([]);
  });
});

/** The text of a file's string literals (quotes and template text, not what `${…}` inserts), comments left out. */
function stringsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...code.matchAll(/"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)].map((m) =>
    m[0].replace(/\$\{[^}]*\}/g, "…"),
  );
}

describe("the transport's words", () => {
  // Advice names flags, environment variables and settings; the transport (src/api/) reports facts only, and
  // the one advice table above it (src/sessions/error-advice.ts) words them.
  it("name no flag, environment variable or setting in src/api/: the advice is worded above it", async () => {
    const { SETTING_KEYS } = await import("../../src/config/schema.js");
    // Settings by their camelCase keys (apiUrl, licenseKey): "product" or "timeout" are also plain words.
    const keys = SETTING_KEYS.filter((key) => /[A-Z]/.test(key));
    const name = new RegExp(`--[a-z][a-z-]+|LICENSECTL_[A-Z_]+|\\b(?:${keys.join("|")})\\b`);
    const found: Record<string, number> = {};
    for (const file of sourceFiles(join(SRC, "api"))) {
      // A string that is only a setting's name is a key the code reads, not advice.
      const named = stringsOf(readFileSync(file, "utf8")).filter(
        (literal) => name.test(literal) && !/^["`][\w-]+["`]$/.test(literal),
      );
      if (named.length > 0) found[relative(SRC, file)] = named.length;
    }
    expect(found).toEqual({});
  });
});
