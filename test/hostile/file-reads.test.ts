import { spawnSync } from "node:child_process";
import { chmodSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { errorOf, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, startTestEmulator } from "../helpers/emulator.js";
import { startCli } from "../helpers/in-process-cli.js";
import { runWithin } from "./bounded-run.js";

/** A named pipe nobody writes to: reading it blocks forever. */
function fifoIn(dir: string, name: string): string {
  const path = join(dir, name);
  spawnSync("mkfifo", [path]);
  return path;
}

const TIMEOUT = 8_000;
const setFile = (path: string, cwd: string) =>
  runWithin(["vars", "set", "--file", path, "--json"], { cwd, env: { HOME: cwd } });

describe("--file reads only regular files, judged before the read", () => {
  it("refuses a FIFO at once with exit 2 instead of hanging", { timeout: TIMEOUT }, async () => {
    const home = tempHome();
    const run = await setFile(fifoIn(home, "vars.env"), home);
    expect(run.code).toBe(2);
    expect(errorOf(run.stderr).message).toContain("named pipe (FIFO)");
  });

  it("refuses /dev/zero, also through a symlink, without reading it", { timeout: TIMEOUT }, async () => {
    const home = tempHome();
    symlinkSync("/dev/zero", join(home, "planted.env"));
    for (const path of ["/dev/zero", join(home, "planted.env")]) {
      const run = await setFile(path, home);
      expect(run.code).toBe(2);
      expect(errorOf(run.stderr)).toMatchObject({ code: "unreadable_file" });
      expect(errorOf(run.stderr).message).toContain("it is a device");
    }
  });

  it("refuses a file larger than the cap before reading it", { timeout: TIMEOUT }, async () => {
    const home = tempHome();
    const path = join(home, "huge.env");
    writeFileSync(path, `A=${"x".repeat(5 * 1024 * 1024)}\n`);
    const run = await setFile(path, home);
    expect(run.code).toBe(2);
    expect(errorOf(run.stderr).message).toContain("larger than");
  });

  it("stops reading stdin (--file -) at once on Ctrl+C, not at the end of the grace period", async () => {
    const home = tempHome();
    const stdin = new PassThrough();
    const reading = new Promise<void>((resolve) =>
      stdin.on("newListener", (event) => event === "data" && resolve()),
    );
    stdin.write("channel=beta\n"); // and the pipe stays open: the read waits for more
    const run = startCli(["vars", "set", "--file", "-"], { cwd: home, env: { HOME: home }, stdin });
    await reading;
    // The grace period's timer is held still: only the read itself giving up can end the run.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      run.interrupt("SIGINT");
      const { code } = await run.result;
      expect(code).toBe(130);
      expect(stdin.listenerCount("data")).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("a publicKey path is judged before it is read", () => {
  it("refuses a FIFO as publicKey with exit 3 instead of hanging", { timeout: TIMEOUT }, async () => {
    const emulator = await startTestEmulator();
    const home = tempHome();
    const run = await runWithin(["vars", "list", "--json"], {
      cwd: home,
      env: { ...apiKeyEnv(emulator), HOME: home, LICENSECTL_PUBLIC_KEY: fifoIn(home, "key.pem") },
    });
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr)).toMatchObject({ code: "unsafe_public_key_file" });
    expect(errorOf(run.stderr).message).toContain("named pipe (FIFO)");
  });

  it("refuses a key file that others may write: they could swap in their own key", async () => {
    const emulator = await startTestEmulator();
    const home = tempHome();
    const path = join(home, "key.pem");
    writeFileSync(path, emulator.publicKeyPem);
    chmodSync(path, 0o666);
    const run = await runWithin(["vars", "list", "--json"], {
      cwd: home,
      env: { ...apiKeyEnv(emulator), HOME: home, LICENSECTL_PUBLIC_KEY: path },
    });
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr).message).toContain("group or others may write to it");
  });
});
