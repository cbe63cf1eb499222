// Bundle the CLI into dist/ with esbuild: one small entry that answers --version, and lazily loaded
// chunks for everything else (code splitting keeps each command's dependencies out of start-up).
import { readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { main: "src/main.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "chunks/[name]-[hash]",
  define: { __LICENSECTL_VERSION__: JSON.stringify(pkg.version) },
  // cosmiconfig's TypeScript loader is never used (code configs are refused) and must not be bundled.
  external: ["typescript"],
  // CommonJS dependencies inside an ESM bundle need require().
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  legalComments: "none",
  logLevel: "warning",
});
