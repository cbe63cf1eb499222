// `npm run demo`: start the built-in emulator, then run the main job against it as a user would:
// set three variables, list them as a table and as JSON. Uses the built CLI (bin/licensectl.cjs).
// On a terminal the emulator then keeps running, as its banner says, until Ctrl+C, so the commands the
// demo ends on work; without one (CI) it stops at once and says so. Either way its files go when it stops.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/licensectl.cjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "licensectl-demo-"));
const config = join(dir, "licensectl.json");

const emulator = spawn(process.execPath, [bin, "emulator", "--write-config", config], {
  stdio: ["ignore", "pipe", "inherit"],
});
const exited = new Promise((resolve) => emulator.on("exit", resolve));

await new Promise((resolve, reject) => {
  let seen = "";
  emulator.stdout.on("data", (chunk) => {
    seen += chunk;
    if (seen.includes("Press Ctrl+C")) {
      process.stdout.write(seen);
      resolve();
    }
  });
  emulator.once("exit", (code) => reject(new Error(`the emulator exited early (${code})`)));
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
    const result = spawnSync(process.execPath, [bin, "--config", config, ...args], { stdio: "inherit" });
    if (result.status !== 0) failed = result.status ?? 1;
  }
  if (process.stdin.isTTY && process.stdout.isTTY) {
    // Ctrl+C reaches the emulator too (same process group); the demo waits for it to stop, then cleans up.
    // Listening before saying "Press Ctrl+C": a prompt reader may press it the moment it reads that.
    process.on("SIGINT", () => {});
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
  emulator.kill("SIGINT");
  await exited;
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed;
