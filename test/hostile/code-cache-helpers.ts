import { chmodSync, cpSync, lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, spawnCli, tempHome } from "../helpers/cli.js";

/** Every file under a directory, recursively, with its bytes (to see what a run read, wrote or left). */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (path: string) => {
    const stats = lstatSync(path);
    if (stats.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else files.set(path, stats.isFile() ? readFileSync(path).toString("base64") : "(not a file)");
  };
  walk(dir);
  return files;
}

/** Every regular file under a directory, recursively. */
export const filesUnder = (dir: string): string[] =>
  [...snapshot(dir).entries()].filter(([, bytes]) => bytes !== "(not a file)").map(([path]) => path);

/** `licensectl --help` as a real process (the cache is read and written by the process itself). */
export function help(env: Record<string, string>): ReturnType<typeof spawnCli>["result"] {
  return spawnCli(["--help"], { env: { HOME: tempHome(), ...env } }).result;
}

/**
 * A copy of the built CLI whose --help says "Xet and inspect" instead of "Set and inspect": a bundle of
 * the same length, as an attacker would build to make a cache V8 accepts for the real one.
 */
export function tamperedCopy(): string {
  const root = tempHome();
  const dist = join(BIN, "..", "..");
  for (const part of ["bin", "dist", "package.json"])
    cpSync(join(dist, part), join(root, part), { recursive: true });
  const cli = join(root, "dist", "cli.cjs");
  writeFileSync(cli, readFileSync(cli, "utf8").replace("Set and inspect", "Xet and inspect"));
  return join(root, "bin", "licensectl.cjs");
}

/** chmod every directory and file under `dir`. */
export function chmodTree(dir: string, mode: number): void {
  chmodSync(dir, mode);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (lstatSync(path).isDirectory()) chmodTree(path, mode);
    else chmodSync(path, mode & 0o666);
  }
}
