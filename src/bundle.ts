import { homedir } from "node:os";
import { join } from "node:path";
import { codeCacheFile, requireWithCodeCache } from "./compile-cache.js";
import { VERSION } from "./version.js";

/**
 * Load one of the CLI's bundles from dist/ (this file is bundled into dist/ too, so __dirname is dist/)
 * through the V8 code cache kept for the command being run.
 */
export function loadBundle(name: string): unknown {
  const argv = process.argv.slice(2);
  const cache = process.env.LICENSECTL_NO_CODE_CACHE
    ? undefined
    : codeCacheFile(process.env, home(), VERSION, argv, name);
  return requireWithCodeCache(join(__dirname, name), cache);
}

function home(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}
