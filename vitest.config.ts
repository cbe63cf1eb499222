import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

export default defineConfig({
  define: { __LICENSECTL_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests spawn the built CLI; on a loaded 2-core machine a spawn can take a while.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
