/** Where a resolved value came from, so support staff can answer "why is it using *that*?". */
export type Source =
  | { readonly type: "flag"; readonly name: string }
  /** A command's positional argument, e.g. "A" and "B" of `vars diff <a> <b>`. */
  | { readonly type: "argument"; readonly name: string }
  | { readonly type: "env"; readonly name: string }
  | { readonly type: "profile"; readonly profile: string; readonly file: string; readonly scope: ConfigScope }
  | { readonly type: "file"; readonly scope: ConfigScope; readonly file: string }
  | { readonly type: "license-file"; readonly file: string; readonly product: string }
  | { readonly type: "default" }
  | { readonly type: "derived"; readonly detail: string };

export type ConfigScope = "project" | "user" | "explicit";

export interface Resolved<T> {
  readonly value: T;
  readonly source: Source;
}

export function describeSource(source: Source): string {
  switch (source.type) {
    case "flag":
      return `flag ${source.name}`;
    case "argument":
      return `argument ${source.name}`;
    case "env":
      return `env ${source.name}`;
    case "profile":
      return `profile "${source.profile}" in ${source.file}`;
    case "file":
      return source.scope === "explicit"
        ? `config file ${source.file}`
        : `${source.scope} config ${source.file}`;
    case "license-file":
      return `license file ${source.file} (product ${JSON.stringify(source.product)})`;
    case "default":
      return "default";
    case "derived":
      return source.detail;
  }
}

const RANK: Readonly<Record<Source["type"], number>> = {
  default: 0,
  derived: 0,
  file: 1,
  profile: 3,
  env: 4,
  "license-file": 5,
  flag: 6,
  argument: 6,
};

/**
 * How strongly a value was asked for: flag > license file > env > profile > project file > user file >
 * default. The app's license file states what the app activated, so only a flag typed now overrides it.
 */
export function sourceRank(source: Source): number {
  return source.type === "file" && source.scope !== "user" ? 2 : RANK[source.type];
}
