import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { commandWords } from "./scripts/command-words.mjs";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

export default defineConfig({
  define: {
    __LICENSECTL_VERSION__: JSON.stringify(pkg.version),
    // As the build writes them (scripts/build.mjs): the code cache's command words, from the declarations.
    __LICENSECTL_COMMAND_WORDS__: JSON.stringify(
      await commandWords(fileURLToPath(new URL(".", import.meta.url)), pkg.version),
    ),
  },
  test: {
    include: ["test/**/*.test.ts"],
    // Test files share a worker's modules: isolated, every file imported and evaluated the whole CLI again
    // (whole suite, 3 workers, loaded 2-core machine: 179 s isolated, 77 s shared). Per-file cleanup is
    // therefore in a setup file, which runs for every file; a hook at the top of a helper would not.
    isolate: false,
    setupFiles: ["test/helpers/after-each-file.ts"],
    // The tests mostly wait (emulator, timeouts, spawned processes): one worker more than the cores. Vitest's
    // default (cores - 1) is a single worker on 2 cores (same machine, isolated: 274 s with 1, 179 s with 3).
    maxWorkers: availableParallelism() + 1,
    // A spawned CLI or a pseudo-terminal on a loaded 2-core machine can take a while.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
