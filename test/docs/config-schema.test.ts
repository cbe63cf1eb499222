import { readdirSync, readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { defaultLoaders } from "cosmiconfig";
import { describe, expect, it } from "vitest";
import { CONFIG_SCHEMA_FILE } from "../../src/config/json-schema.js";
import { resolveSettings } from "../../src/config/resolve.js";
import { SETTING_KEYS } from "../../src/config/schema.js";

const ROOT = new URL("../../", import.meta.url);
const schema = JSON.parse(readFileSync(new URL(CONFIG_SCHEMA_FILE, ROOT), "utf8"));
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
const errors = () =>
  (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

/** The names a config file may have (src/config/files.ts), as a docs example's first comment or title names it. */
const CONFIG_NAME = /^(\.licensectlrc(\.json|\.ya?ml)?|licensectl\.config\.json|config\.(json|ya?ml))$/;

/**
 * Every config example in the manual: a ```yaml block whose first line is `# <config file name>`, or a
 * ```json / ```yaml block titled with one (```json title=".licensectlrc.json").
 */
function configExamples(): Array<{ where: string; name: string; data: unknown }> {
  const docs = readdirSync(new URL("docs/", ROOT)).filter((file) => file.endsWith(".md"));
  const examples: Array<{ where: string; name: string; data: unknown }> = [];
  for (const file of [...docs.map((d) => `docs/${d}`), "README.md"]) {
    const text = readFileSync(new URL(file, ROOT), "utf8");
    for (const match of text.matchAll(/^```(json|yaml)([^\n]*)\n([\s\S]*?)^```$/gm)) {
      const [, language, info = "", body = ""] = match;
      const titled = /title="([^"]+)"/.exec(info)?.[1];
      const commented = language === "yaml" ? /^#\s*(\S+)/.exec(body)?.[1] : undefined;
      const name = titled ?? commented;
      if (!name || !CONFIG_NAME.test(name)) continue;
      const line = text.slice(0, match.index).split("\n").length;
      const data = language === "json" ? JSON.parse(body) : defaultLoaders[".yaml"](name, body);
      examples.push({ where: `${file}:${line}`, name, data });
    }
  }
  return examples;
}

describe("the config files' JSON Schema", () => {
  it("names every setting, each also inside a profile", () => {
    const keys = Object.keys(schema.properties);
    expect(keys).toEqual(["$schema", ...SETTING_KEYS, "profiles"]);
    expect(Object.keys(schema.properties.profiles.additionalProperties.properties)).toEqual(SETTING_KEYS);
  });

  const examples = configExamples();
  it("finds the config examples in the manual", () => {
    expect(examples.map((e) => e.name)).toEqual(
      expect.arrayContaining([".licensectlrc.yaml", ".licensectlrc.json"]),
    );
  });

  for (const example of examples) {
    it(`accepts the example at ${example.where}, which licensectl also loads without a warning`, () => {
      expect(validate(example.data), errors().join("\n")).toBe(true);
      const resolved = resolveSettings({
        flags: {},
        env: {},
        discovery: {
          searched: [],
          files: [{ path: example.name, scope: "user", data: example.data as Record<string, unknown> }],
        },
      });
      expect(resolved.warnings).toEqual([]);
    });
  }

  it("rejects a misspelt key, at the top and inside a profile", () => {
    expect(validate({ prodcut: "my-app" })).toBe(false);
    expect(errors()).toEqual([` must NOT have additional properties {"additionalProperty":"prodcut"}`]);
    expect(validate({ profiles: { ci: { licenceKey: "K" } } })).toBe(false);
    expect(errors()[0]).toContain('"additionalProperty":"licenceKey"');
  });

  it("rejects a wrong type, a value outside a choice, and a number out of range", () => {
    expect(validate({ timeout: "30s" })).toBe(false);
    expect(validate({ hardwareIdMethod: "mac-address" })).toBe(false);
    expect(validate({ retries: -1 })).toBe(false);
    expect(validate({ apiUrl: "ftp://example.com" })).toBe(false);
    expect(validate({ product: "" })).toBe(false);
    expect(
      validate({ retries: 0, timeout: 1, verifySignature: false, apiUrl: "https://x.example/api/v4" }),
    ).toBe(true);
  });
});
