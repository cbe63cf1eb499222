import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, runCli, type StartedCli, startCli, tempHome } from "../helpers/cli.js";

const children: ChildProcess[] = [];
const inProcess: StartedCli[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const run of inProcess.splice(0)) {
    run.interrupt();
    await run.result;
  }
});

/** Start `licensectl emulator` in this process, as runCli runs the CLI, once it printed its first line. */
async function startEmulatorCommand(args: string[], cwd: string) {
  const run = startCli(["emulator", ...args], { cwd, env: { HOME: cwd, XDG_CONFIG_HOME: undefined } });
  inProcess.push(run);
  await run.printed("\n");
  return { firstOutput: run.stdout };
}

// Spawned: the emulator command runs until Ctrl+C, which only a real process receives.
/** Start `licensectl emulator` as a child process and wait for its first stdout line. */
async function startEmulatorProcess(args: string[], cwd: string) {
  const child = spawn(process.execPath, [BIN, "emulator", ...args], {
    cwd,
    env: { PATH: process.env.PATH, NO_COLOR: "1", HOME: cwd },
  });
  children.push(child);
  let stdout = "";
  child.stdout.setEncoding("utf8");
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      if (stdout.includes("\n")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`emulator exited early with ${code}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, firstOutput: () => stdout, exited };
}

describe("licensectl emulator", () => {
  it("writes a 0600 config that licensectl can use as is, and stops cleanly on Ctrl+C with exit 130", async () => {
    const home = tempHome();
    const configPath = join(home, "emulator.json");
    const { child, exited } = await startEmulatorProcess(["--write-config", configPath], home);
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
    const config = JSON.parse(readFileSync(configPath, "utf8")) as Record<string, string>;
    expect(Object.keys(config).sort()).toEqual([
      "apiKey",
      "apiUrl",
      "licenseKey",
      "managementApiKey",
      "managementUrl",
      "product",
      "publicKey",
      "sharedKey",
      "tokenUrl",
    ]);
    expect(config.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v4$/);
    expect(config.managementUrl).toBe(config.apiUrl?.replace(/\/api\/v4$/, "/api/v1"));

    // The demo seed activates this machine: the derived hardware ID works without configuration.
    const set = await runCli([
      "--config",
      configPath,
      "vars",
      "set",
      "channel=beta",
      "seats=5",
      "beta:=true",
    ]);
    expect(set.stderr).toBe("");
    expect(set.code).toBe(0);
    const list = await runCli(["--config", configPath, "vars", "list", "--json"]);
    const names = (JSON.parse(list.stdout) as Array<{ variable: string; value: unknown }>).map((v) => [
      v.variable,
      v.value,
    ]);
    expect(names).toEqual([
      ["beta", "true"],
      ["channel", "beta"],
      ["region", "eu-west"],
      ["seats", "5"],
    ]);

    // The same config reaches the Management API side, which shares the store. The demo activates this
    // machine on two licenses, so the key-based one is picked by ID.
    const withConfig = (...args: string[]) => runCli(["--config", configPath, ...args]);
    const unset = await withConfig("vars", "unset", "beta", "--yes", "--license-id", "1001");
    expect(unset.stderr).toBe("");
    expect(unset.code).toBe(0);
    const after = await withConfig("vars", "list", "--json");
    expect((JSON.parse(after.stdout) as Array<{ variable: string }>).map((v) => v.variable)).toEqual([
      "channel",
      "region",
      "seats",
    ]);

    child.kill("SIGINT");
    expect(await exited).toBe(130);
  });

  it("advertises 127.0.0.1 when listening on 0.0.0.0, so the config it writes works as is", async () => {
    const home = tempHome();
    const configPath = join(home, "emulator.json");
    const { firstOutput } = await startEmulatorCommand(
      ["--host", "0.0.0.0", "--write-config", configPath, "--json"],
      home,
    );
    const config = JSON.parse(readFileSync(configPath, "utf8")) as Record<string, string>;
    expect(config.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v4$/);
    expect(config.managementUrl).toBe(config.apiUrl?.replace(/\/api\/v4$/, "/api/v1"));
    expect((JSON.parse(firstOutput()) as { origin: string }).origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const list = await runCli(["--config", configPath, "vars", "list", "--json"]);
    expect(list.stderr).toBe("");
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toContainEqual(expect.objectContaining({ variable: "region" }));
  });

  it("prints its address and a ready config as one JSON object with --json", async () => {
    const home = tempHome();
    const { firstOutput } = await startEmulatorCommand(["--json"], home);
    const announced = JSON.parse(firstOutput()) as { apiUrl: string; config: Record<string, string> };
    expect(announced.config.apiUrl).toBe(announced.apiUrl);
    const wellKnown = (await (await fetch(`${announced.apiUrl}/.well-known`)).json()) as { pub_key: string };
    expect(wellKnown.pub_key).toBe(announced.config.publicKey);
  });

  it("refuses a port that is already taken with exit 3", async () => {
    const home = tempHome();
    const { firstOutput } = await startEmulatorCommand(["--json"], home);
    const port = new URL((JSON.parse(firstOutput()) as { apiUrl: string }).apiUrl).port;
    const result = await runCli(["emulator", "--port", port]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("EADDRINUSE");
  });
});

describe("licensectl emulator --seed", () => {
  const license = (device: Record<string, unknown>) => ({
    products: [{ code: "demo" }],
    licenses: [{ product: "demo", licenseKey: "K", devices: [{ hardwareId: "h0" }, device] }],
  });

  it("writes a config for the seed's first working license and lists the seed's licenses, not the demo's", async () => {
    const home = tempHome();
    const seed = {
      products: [{ code: "app" }],
      licenses: [
        { product: "app", licenseKey: "OFF-0001", enabled: false },
        {
          product: "app",
          username: "jane@example.com",
          devices: [{ hardwareId: "hw-1", variables: { a: "1" } }],
        },
      ],
    };
    writeFileSync(join(home, "seed.json"), JSON.stringify(seed));
    const configPath = join(home, "emulator.json");
    const { firstOutput } = await startEmulatorCommand(
      ["--seed", "seed.json", "--write-config", configPath],
      home,
    );
    await expect.poll(firstOutput).toContain("Press Ctrl+C");
    expect(firstOutput()).toMatch(/^ {2}\d+ {2}product "app" {2}user jane@example\.com$/m);
    expect(firstOutput()).toMatch(/^ +device hw-1 {2}\(1 variable\)$/m);
    expect(firstOutput()).not.toContain("demo");
    const config = JSON.parse(readFileSync(configPath, "utf8")) as Record<string, string>;
    expect(config).toMatchObject({ product: "app", username: "jane@example.com" });
    expect(config).not.toHaveProperty("licenseKey");

    const get = await runCli(["--config", configPath, "--hardware-id", "hw-1", "vars", "get", "a"]);
    expect(get).toMatchObject({ code: 0, stdout: "1\n" });
  });

  it.each([
    [
      "a null variable",
      license({ hardwareId: "h1", variables: { a: null } }),
      "licenses[0].devices[1].variables.a must be a string, number or boolean (got null)",
    ],
    [
      "a numeric apiKey",
      { ...license({ hardwareId: "h1" }), apiKeys: [{ apiKey: 5 }] },
      "apiKeys[0].apiKey must be a non-empty string (got a number)",
    ],
  ])("refuses %s with exit 3, naming the seed file and the place", async (_, seed, problem) => {
    const home = tempHome();
    const path = join(home, "seed.json");
    writeFileSync(path, JSON.stringify(seed));
    const result = await runCli(["emulator", "--seed", "seed.json"], { cwd: home });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`Seed file ${path}: ${problem}.`);
    expect(result.stdout).toBe("");
  });
});
