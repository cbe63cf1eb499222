import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Added to the clean environment. */
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  readonly input?: string;
}

const homes: string[] = [];
/** Remove the temporary homes made so far (after each test file: test/helpers/after-each-file.ts). */
export function removeTempHomes(): void {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
}

/** A fresh temporary HOME with an XDG config dir; removed after the test file. */
export function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), "licensectl-test-"));
  mkdirSync(join(home, ".config"), { recursive: true });
  homes.push(home);
  return home;
}

/**
 * The environment a run sees (temporary HOME and XDG_CONFIG_HOME, NO_COLOR, PATH, then options.env), and
 * the directory it starts in (options.cwd, else the temporary home).
 */
export function cleanEnv(options: RunOptions): { env: Record<string, string>; cwd: string } {
  const home = options.env?.HOME ?? tempHome();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    NO_COLOR: "1",
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return { env, cwd: options.cwd ?? home };
}
