import { homedir } from "node:os";
import { VERSION } from "./version.js";

/**
 * Entry point. `--version` is answered before anything else is loaded; every other path loads the CLI.
 */
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { runCli } = await import("./cli.js");
  process.exitCode = await runCli({
    argv,
    env: process.env,
    cwd: process.cwd(),
    homedir: homedir(),
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    now: () => new Date(),
    onInterrupt: (listener) => {
      process.on("SIGINT", listener);
      process.on("SIGTERM", listener);
      return () => {
        process.off("SIGINT", listener);
        process.off("SIGTERM", listener);
      };
    },
  });
}
