import { spawn, spawnSync } from "node:child_process";
import { onTestFinished } from "vitest";

/** util-linux script(1) is what gives a child a real pseudo-terminal; tests needing one skip without it. */
export const hasScript = spawnSync("script", ["--version"]).status === 0;

export interface TerminalRun {
  /** Everything the terminal showed (program output and the terminal's echo). */
  readonly output: string;
  readonly code: number | null;
}

/**
 * Run a shell command on a pseudo-terminal, typing each answer only once its prompt has appeared, as a
 * person would (typed-ahead text would be echoed by the terminal before the program could hide it).
 */
export function runInTerminal(
  command: string,
  options: { cwd: string; env: Record<string, string | undefined> },
  dialogue: ReadonlyArray<readonly [prompt: string, keys: string]>,
): Promise<TerminalRun> {
  const child = spawn("script", ["-qfec", command, "/dev/null"], { cwd: options.cwd, env: options.env });
  onTestFinished(() => {
    child.kill("SIGKILL");
  });
  let output = "";
  let answered = 0;
  let searchFrom = 0;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    const next = dialogue[answered];
    if (next && output.indexOf(next[0], searchFrom) !== -1) {
      answered++;
      searchFrom = output.length;
      child.stdin.write(next[1]);
    }
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ output, code }));
  });
}
