import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { runCli, tempHome } from "../helpers/cli.js";
import { API_KEY, apiKeyEnv, SHARED_KEY, startTestEmulator } from "../helpers/emulator.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

function writeWithMode(path: string, data: unknown, mode: number): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, JSON.stringify(data));
  chmodSync(path, mode);
  return path;
}

const warning = (file: string) =>
  `warning: ${file} holds secrets and is readable by others; run: chmod 600 ${file}\n`;

describe("config files that hold secrets", () => {
  it.each([
    ["a user file readable by others (0644)", "user", { sharedKey: SHARED_KEY }, 0o644],
    ["a project file readable by the group (0640)", "project", { apiKey: API_KEY }, 0o640],
    [
      "a secret inside a profile (0604)",
      "project",
      { profiles: { ci: { clientSecret: "s3cret-value" } } },
      0o604,
    ],
  ] as const)("warns about %s, naming the file and the chmod fix", async (_what, scope, data, mode) => {
    const home = tempHome();
    const file =
      scope === "user"
        ? join(home, ".config", "licensectl", "config.json")
        : join(home, "project", ".licensectlrc.json");
    writeWithMode(file, data, mode);
    mkdirSync(join(home, "project"), { recursive: true });
    const result = await runCli(["vars", "list"], {
      cwd: join(home, "project"),
      env: { HOME: home, ...apiKeyEnv(emulator) },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(warning(file));
    expect(result.stderr).not.toContain(SHARED_KEY);
  });

  it.each([
    ["a secret in a file only its owner can read (0600)", { sharedKey: SHARED_KEY }, 0o600],
    ["a world-readable file without secrets (0644)", { product: "demo" }, 0o644],
  ] as const)("stays quiet about %s", async (_what, data, mode) => {
    const home = tempHome();
    const file = writeWithMode(join(home, "explicit.json"), data, mode);
    const result = await runCli(["vars", "list", "--config", file], { env: apiKeyEnv(emulator) });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
  });

  it("checks an explicit --config file too", async () => {
    const file = writeWithMode(join(tempHome(), "explicit.json"), { apiKey: API_KEY }, 0o644);
    const result = await runCli(["vars", "list", "--config", file], { env: apiKeyEnv(emulator) });
    expect(result.stderr).toBe(warning(file));
  });
});
