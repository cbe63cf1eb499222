// Build dist/ with esbuild:
// - dist/cli.cjs: parsing, help, errors and the command tree, in one CommonJS file. Modules only some runs need
//   are behind import() in the source, which esbuild turns into lazily initialised parts: loaded, not run.
// - dist/commands.cjs: every verb's run module (see runModulesFromCommandsBundle), read only when a verb runs.
// - dist/start.cjs: the small entry bin/licensectl.cjs requires. It answers --version by itself and loads
//   cli.cjs through a code cache (src/entry/load-bundle.ts) that carries the hash of the bundle it caches.
// CommonJS rather than ES modules: vm.Script can cache it (src/entry/code-cache.ts), and a CommonJS entry
// starts without Node's ES module loader.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { commandWords } from "./command-words.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8"));
rmSync(`${root}/dist`, { recursive: true, force: true });

const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  define: {
    __LICENSECTL_VERSION__: JSON.stringify(pkg.version),
    // The code cache's command words, from the declarations (scripts/command-words.mjs).
    __LICENSECTL_COMMAND_WORDS__: JSON.stringify(await commandWords(root, pkg.version)),
  },
  // import() of Node built-ins and externals becomes require(): code compiled by vm.Script has no
  // dynamic-import hook on Node 20.
  supported: { "dynamic-import": false },
  legalComments: "none",
  // Whitespace and syntax only: the source V8 holds shrinks by a third (~0.8 MB less peak memory per run), and
  // names stay, so a --debug stack trace still says which functions it went through.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
};

/**
 * LEVER commander without eager child_process — re-measured 2026-12-06: `--help` CPU −5.2 ms (Node 20, −4.3%)
 * and −9.0 ms (Node 24, −4.7%), `vars list --json` within noise (perf task-clock medians of 12 alternating
 * pairs, load 18–19; docs/performance.md). Kept: `--help` is a missed target, and the build fails if commander's
 * line changes.
 * commander loads child_process when it starts (~3 ms, ~2 MB), for executable subcommands, which licensectl
 * does not have: it is required on first use instead. Fails the build if commander's code has changed.
 */
const commanderWithoutEagerChildProcess = {
  name: "commander-without-eager-child-process",
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, ({ path }) => {
      const eager = "const childProcess = require('node:child_process');";
      const source = readFileSync(path, "utf8");
      if (!source.includes(eager)) throw new Error("commander's layout changed: update scripts/build.mjs");
      const lazy =
        "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: "js" };
    });
  },
};

/**
 * LEVER lazy chalk — re-measured 2026-12-06: `--help` CPU 130.0 → 113.9 ms on Node 20 (−12%; perf task-clock
 * medians of 12 alternating pairs, load 18; docs/performance.md). Not a patch: chalk's source is untouched and
 * used through its public `Chalk` export, only evaluated later. chalk builds its style tables and loads
 * node:tty (through supports-color) when it loads, and --help or --json never paint. `chalk` resolves to a
 * module whose Chalk getter requires the real one on first use; esbuild makes that require a lazily
 * initialised part of the bundle. (chalk's terminal detection is left as chalk ships it: chalk loads only
 * when licensectl paints, that is on a terminal, where node:tty is loaded for stdout already, or with
 * FORCE_COLOR set, where loading it costs a few ms once.)
 */
const chalkOnFirstUse = {
  name: "chalk-on-first-use",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^chalk$/ }, ({ namespace }) =>
      namespace === "lazy-chalk" ? undefined : { path: "chalk", namespace: "lazy-chalk" },
    );
    esbuild.onLoad({ filter: /.*/, namespace: "lazy-chalk" }, () => ({
      contents: 'module.exports = { get Chalk() { return require("chalk").Chalk; } };',
      resolveDir: root,
      loader: "js",
    }));
  },
};

/**
 * Every verb's behaviour lives in a `run-*.ts` module that its declaration imports with import() when the verb
 * runs. Those modules form a bundle of their own (dist/commands.cjs): `--help`, and the start of every run, read
 * and compile none of them. The commands bundle maps each module's path under src/commands/ to a loader; in
 * the core, each import() of a run module becomes a lookup in that map.
 */
const commandsDir = `${root}/src/commands`;
const runModules = readdirSync(commandsDir, { recursive: true })
  .map((file) => String(file).replaceAll("\\", "/"))
  .filter((file) => /(^|\/)run-[\w-]+\.ts$/.test(file))
  .sort();
const runModuleKey = (path) =>
  relative(commandsDir, path)
    .replaceAll("\\", "/")
    .replace(/\.[jt]s$/, "");

const runModulesFromCommandsBundle = {
  name: "run-modules-from-commands-bundle",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\/run-[\w-]+\.js$/ }, ({ path, resolveDir }) => ({
      path: runModuleKey(join(resolveDir, path)),
      namespace: "run-module",
    }));
    esbuild.onResolve({ filter: /^commands-bundle$/ }, () => ({ path: "commands", namespace: "bundle" }));
    esbuild.onLoad({ filter: /.*/, namespace: "run-module" }, ({ path }) => ({
      contents: `module.exports = require("commands-bundle")[${JSON.stringify(path)}]();`,
      resolveDir: root,
    }));
    esbuild.onLoad({ filter: /.*/, namespace: "bundle" }, () => ({
      contents: `module.exports = require(${JSON.stringify(`${root}/src/entry/load-bundle.ts`)}).loadBundle("commands.cjs");`,
      resolveDir: root,
    }));
  },
};

/** The commands bundle's entry: every run module, each initialised when first asked for. */
const commandsEntry = {
  contents: `module.exports = {\n${runModules
    .map((file) => `  ${JSON.stringify(file.replace(/\.ts$/, ""))}: () => require("./${file}"),`)
    .join("\n")}\n};\n`,
  resolveDir: commandsDir,
  sourcefile: "commands-bundle.js",
  loader: "js",
};

/** The first 16 hex digits of a built bundle's SHA-256: the code cache of whoever loads it checks it. */
const hashOf = (name) =>
  createHash("sha256")
    .update(readFileSync(`${root}/dist/${name}`))
    .digest("hex")
    .slice(0, 16);

// Each bundle before the one that loads it: a loader carries the hash of what it loads (src/entry/load-bundle.ts).
await build({
  ...common,
  stdin: commandsEntry,
  outfile: `${root}/dist/commands.cjs`,
  // Loaded from node_modules only if ever needed: undici behind a proxy; the rest are cosmiconfig loaders
  // licensectl replaces (JavaScript/TypeScript configs are refused, JSON is parsed by licensectl).
  external: ["undici", "typescript", "import-fresh", "parse-json"],
});
await build({
  ...common,
  define: { ...common.define, __LICENSECTL_COMMANDS_HASH__: JSON.stringify(hashOf("commands.cjs")) },
  entryPoints: [`${root}/src/entry/main.ts`],
  outfile: `${root}/dist/cli.cjs`,
  plugins: [runModulesFromCommandsBundle, commanderWithoutEagerChildProcess, chalkOnFirstUse],
});
await build({
  ...common,
  define: { ...common.define, __LICENSECTL_CLI_HASH__: JSON.stringify(hashOf("cli.cjs")) },
  entryPoints: [`${root}/src/entry/start.ts`],
  outfile: `${root}/dist/start.cjs`,
});
