declare const __LICENSECTL_VERSION__: string | undefined;

/** Injected at build time (esbuild `define`, and vitest's for tests). */
export const VERSION: string =
  typeof __LICENSECTL_VERSION__ === "string" ? __LICENSECTL_VERSION__ : "0.0.0-dev";

/** What every request says it is: `licensectl/<version>`. */
export const USER_AGENT = `licensectl/${VERSION}`;
