import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generatedDocs } from "../../scripts/docs/generated-docs.js";

describe("generated documentation", () => {
  for (const [path, render] of Object.entries(generatedDocs)) {
    it(`${path} matches the code (run \`npm run docs\` after changing commands or settings)`, () => {
      const current = readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
      expect(render(current)).toBe(current);
    });
  }
});
