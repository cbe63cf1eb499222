// `npm run docs`: regenerate from the code the generated parts of docs/ (the command reference and the settings
// table) and the config files' JSON Schema (schema/config.schema.json). The renderers are TypeScript; esbuild
// bundles them for this one run.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = `${root}/node_modules/.cache/licensectl-docs.cjs`;
await build({
  entryPoints: [`${root}/scripts/docs/generated-docs.ts`],
  outfile: out,
  bundle: true,
  platform: "node",
  format: "cjs",
  define: {
    __LICENSECTL_VERSION__: JSON.stringify(JSON.parse(readFileSync(`${root}/package.json`, "utf8")).version),
  },
  logLevel: "warning",
});
const { generatedDocs } = createRequire(import.meta.url)(out);
rmSync(out);
for (const [path, render] of Object.entries(generatedDocs)) {
  const file = `${root}/${path}`;
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {}
  const next = render(current);
  if (next !== current) {
    writeFileSync(file, next);
    console.log(`wrote ${path}`);
  } else console.log(`${path} is up to date`);
}
