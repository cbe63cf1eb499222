// `npm run demo`: start the built-in emulator, then run the main job against it as a user would:
// set three variables, list them as a table and as JSON. Uses the built CLI (bin/licensectl.cjs).
// On a terminal the emulator then keeps running, as its banner says, until Ctrl+C, so the commands the
// demo ends on work; without one (CI) it stops at once and says so, and never tells anyone to press Ctrl+C.
// SIGINT or SIGTERM to the demo alone (`kill -INT <pid>`, not only a Ctrl+C to the whole group) stops it at
// any point: the emulator and the command running are stopped too. Either way its files go when it stops.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/licensectl.cjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "licensectl-demo-"));
const config = join(dir, "licensectl.json");
const onTerminal = process.stdin.isTTY === true && process.stdout.isTTY === true;

const emulator = spawn(process.execPath, [bin, "emulator", "--write-config", config], {
  stdio: ["ignore", "pipe", "inherit"],
});
const exited = new Promise((resolve) => emulator.on("exit", resolve));
/** The command running now, stopped with the emulator when the demo is. */
let running;

/** Stop everything the demo started, remove its files, and exit: 130 for SIGINT, 143 for SIGTERM. */
let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  running?.kill(signal);
  emulator.kill("SIGINT");
  await exited;
  rmSync(dir, { recursive: true, force: true });
  process.exit(signal === "SIGTERM" ? 143 : 130);
}
// Listening from the start: a signal before the end must not leave the emulator or its files behind.
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));

await new Promise((resolve, reject) => {
  let seen = "";
  emulator.stdout.on("data", (chunk) => {
    seen += chunk;
    if (seen.includes("Press Ctrl+C")) {
      // Without a terminal nobody can press it: the demo stops the emulator itself (below).
      process.stdout.write(onTerminal ? seen : seen.replace(/\n*Press Ctrl\+C to stop\.\n?$/, "\n"));
      resolve();
    }
  });
  emulator.once("exit", (code) => {
    if (!stopping) reject(new Error(`the emulator exited early (${code})`));
  });
});

const commands = [
  ["vars", "set", "channel=beta", "seats=5", "beta:=true"],
  ["vars", "list"],
  ["vars", "list", "--json"],
];
let failed = 0;
const shown = "node bin/licensectl.cjs";
try {
  for (const args of commands) {
    console.log(`\n$ ${shown} --config ${config} ${args.join(" ")}`);
    // Asynchronous, not spawnSync: the demo stays able to handle a signal while a command runs.
    running = spawn(process.execPath, [bin, "--config", config, ...args], { stdio: "inherit" });
    const status = await new Promise((resolve) => running.on("close", resolve));
    running = undefined;
    if (status !== 0) failed = status ?? 1;
  }
  if (onTerminal) {
    // Ctrl+C reaches the emulator too (same process group); stop() waits for it, then cleans up.
    console.log(
      [
        "",
        "The emulator is still running. Try, from this directory:",
        `  ${shown} --config ${config} vars get channel`,
        `  ${shown} --config ${config} vars set seats=10`,
        `  ${shown} --config ${config} device id --explain`,
        `Press Ctrl+C to stop it; ${dir} is removed then.`,
      ].join("\n"),
    );
    await exited;
  } else {
    emulator.kill("SIGINT");
    await exited;
    console.log(
      "\nDemo done: the emulator has stopped and its files were removed (no terminal to keep it for).\n" +
        `Start your own with: ${shown} emulator --write-config ./.licensectlrc.json`,
    );
  }
} finally {
  if (!stopping) {
    emulator.kill("SIGINT");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
process.exitCode = failed;
