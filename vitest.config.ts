import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

export default defineConfig({
  define: { __LICENSECTL_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ["test/**/*.test.ts"],
    // Test files share a worker's modules: each file importing the whole CLI again (import + evaluate) cost
    // more than all their tests together. Per-file cleanup is in the setup file below.
    isolate: false,
    setupFiles: ["test/helpers/after-each-file.ts"],
    // The tests mostly wait (on the emulator, on timeouts, on spawned processes): one worker more than the
    // cores keeps them busy. Vitest's default (cores - 1) is a single worker on a 2-core machine.
    maxWorkers: availableParallelism() + 1,
    // A spawned CLI or a pseudo-terminal on a loaded 2-core machine can take a while.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
