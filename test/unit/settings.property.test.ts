import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { discoverConfig } from "../../src/config/files.js";
import { resolveSettings } from "../../src/config/resolve.js";
import { SETTING_KEYS } from "../../src/config/schema.js";
import { CliError } from "../../src/core/cli-error.js";
import { tempHome } from "../helpers/cli.js";

// Layers lowest precedence first; each sets a value that names it, so the winner is visible.
const LAYERS = ["user", "project", "userProfile", "projectProfile", "env", "flag"] as const;
type Layer = (typeof LAYERS)[number];
const KEYS = ["product", "licenseKey", "hardwareId", "apiUrl", "timeout"] as const;
const ENV = {
  product: "LICENSECTL_PRODUCT",
  licenseKey: "LICENSECTL_LICENSE_KEY",
  hardwareId: "LICENSECTL_HARDWARE_ID",
  apiUrl: "LICENSECTL_API_URL",
  timeout: "LICENSECTL_TIMEOUT",
} as const;
const SOURCE_TYPE: Record<Layer, string> = {
  user: "file",
  project: "file",
  userProfile: "profile",
  projectProfile: "profile",
  env: "env",
  flag: "flag",
};

function layerValue(layer: Layer, key: (typeof KEYS)[number]): string | number {
  if (key === "timeout") return 1000 + LAYERS.indexOf(layer);
  if (key === "apiUrl") return `https://${layer.toLowerCase()}.example.com/api/v4`;
  return `${layer}-${key}`;
}

const layersArbitrary = fc.record({
  ...Object.fromEntries(LAYERS.map((layer) => [layer, fc.subarray([...KEYS])])),
  profileSelected: fc.boolean(),
}) as fc.Arbitrary<Record<Layer, Array<(typeof KEYS)[number]>> & { profileSelected: boolean }>;

describe("settings merging (property)", () => {
  it("resolves every key to its highest-precedence layer that is present", () => {
    fc.assert(
      fc.property(layersArbitrary, (layers) => {
        const pick = (layer: Layer) =>
          Object.fromEntries(layers[layer].map((key) => [key, layerValue(layer, key)]));
        const text = (layer: Layer) =>
          Object.fromEntries(layers[layer].map((key) => [key, String(layerValue(layer, key))]));
        const { settings } = resolveSettings({
          discovery: {
            searched: [],
            files: [
              {
                path: "/u.json",
                scope: "user",
                data: { ...pick("user"), profiles: { p: pick("userProfile") } },
              },
              {
                path: "/p.json",
                scope: "project",
                data: { ...pick("project"), profiles: { p: pick("projectProfile") } },
              },
            ],
          },
          env: Object.fromEntries(layers.env.map((key) => [ENV[key], String(layerValue("env", key))])),
          flags: text("flag"),
          profileFlag: layers.profileSelected ? "p" : undefined,
        });
        for (const key of KEYS) {
          const present = LAYERS.filter(
            (layer) => layers[layer].includes(key) && (layers.profileSelected || !layer.endsWith("Profile")),
          );
          const winner = present.at(-1);
          if (winner === undefined) {
            expect(settings[key]?.source.type ?? "default").toBe("default");
          } else {
            expect(settings[key]?.value).toBe(layerValue(winner, key));
            expect(settings[key]?.source.type).toBe(SOURCE_TYPE[winner]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Resolve a config file holding `content`, read through the real loader; report what came out. */
function resolveFile(name: string, content: string, profile?: string): "resolved" | "config error" {
  const dir = tempHome();
  writeFileSync(join(dir, name), content);
  try {
    const discovery = discoverConfig({ cwd: dir, env: {}, homedir: dir, explicitPath: name });
    resolveSettings({ discovery, env: {}, flags: {}, profileFlag: profile });
    return "resolved";
  } catch (error) {
    if (error instanceof CliError && error.kind === "config") return "config error";
    throw error;
  }
}

const settingLike = fc.dictionary(
  fc.constantFrom(...SETTING_KEYS, "profiles", "prodcut", "__proto__"),
  fc.oneof(
    fc.jsonValue(),
    fc.dictionary(fc.string(), fc.dictionary(fc.constantFrom(...SETTING_KEYS), fc.jsonValue())),
  ),
);

describe("config files with arbitrary content (property)", () => {
  it("either resolve or fail with a config error, for any JSON", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          settingLike.map((data) => JSON.stringify(data)),
        ),
        fc.option(fc.string()),
        (json, profile) => {
          expect(["resolved", "config error"]).toContain(
            resolveFile("config.json", json, profile ?? undefined),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("either resolve or fail with a config error, for any text read as YAML", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(["resolved", "config error"]).toContain(resolveFile(".licensectlrc", text));
      }),
      { numRuns: 200 },
    );
  });
});
