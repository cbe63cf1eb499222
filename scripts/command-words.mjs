// The words that name commands (each command's name and aliases, and "help"), computed from the verb
// declarations: start-up's COMMAND_WORDS (src/entry/load-bundle.ts) is this list, written in as a constant by
// the build (scripts/build.mjs) and by the test config (vitest.config.ts), so it cannot drift from the tree.
import { createRequire } from "node:module";
import { build } from "esbuild";

/** `commandWords()` of src/commands/program.ts, sorted: the tree is bundled in memory and evaluated. */
export async function commandWords(root, version) {
  const { outputFiles } = await build({
    entryPoints: [`${root}/src/commands/program.ts`],
    bundle: true,
    write: false,
    format: "cjs",
    platform: "node",
    target: "node20",
    define: { __LICENSECTL_VERSION__: JSON.stringify(version) },
    logLevel: "warning",
    plugins: [
      {
        // A verb's run module is imported only when it runs: never here.
        name: "run-modules-left-out",
        setup(esbuild) {
          esbuild.onResolve({ filter: /^\.\/run-[\w-]+\.js$/ }, ({ path }) => ({ path, external: true }));
        },
      },
    ],
  });
  const module = { exports: {} };
  new Function("module", "exports", "require", outputFiles[0].text)(
    module,
    module.exports,
    createRequire(`${root}/`),
  );
  return [...module.exports.commandWords()].sort();
}
