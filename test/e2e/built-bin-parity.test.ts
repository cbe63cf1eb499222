import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, HELP_ONLY } from "../../src/commands/program.js";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { runCli, spawnCli, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, managementEnv, startTestEmulator } from "../helpers/emulator.js";
import { startServer } from "../helpers/http.js";

/** Every command path of the tree the declarations make (vars set, device id, help, …). */
function commandPaths(): string[][] {
  const silent = {
    writeOut: () => {},
    writeErr: () => {},
    outColumns: () => undefined,
    errColumns: () => undefined,
  };
  const paths: string[][] = [];
  const walk = (command: Command, path: string[]) => {
    for (const sub of command.commands) {
      paths.push([...path, sub.name()]);
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(buildProgram(HELP_ONLY, silent), []);
  return paths;
}

/**
 * Behaviour is tested in-process (runCli). What only the built artefact adds is checked here, once per
 * path through it: bin/ and dist/start.cjs, the cli and commands bundles (errors crossing between them,
 * identified by brand), and a process that ends on its own with the run's exit code.
 */
async function spawned(args: readonly string[], options: Parameters<typeof runCli>[1] = {}) {
  return spawnCli(args, options).result;
}

async function deadOrigin(): Promise<string> {
  const dead = await startServer(() => {});
  await dead.close();
  return dead.origin;
}

type Case = [exit: number, args: string[], env: (emulator: RunningEmulator) => Record<string, string>];

describe("the built bin, in a process of its own", () => {
  it("answers --version from the entry with package.json's version", async () => {
    const { version } = (await import("../../package.json", { with: { type: "json" } })).default;
    expect(await spawned(["--version"])).toEqual({
      code: 0,
      signal: null,
      stdout: `${version}\n`,
      stderr: "",
    });
  });

  it.each<Case>([
    [0, ["--help"], () => ({})],
    [0, ["vars", "set", "--help"], () => ({})],
    [0, ["vars", "list", "--json"], (emulator) => apiKeyEnv(emulator)],
    [2, ["nope", "--json"], () => ({})],
    [3, ["vars", "list"], () => ({})],
    [
      4,
      ["vars", "list", "--json"],
      (emulator) => apiKeyEnv(emulator, { LICENSECTL_SHARED_KEY: "wrong-key" }),
    ],
    [5, ["vars", "set", "a=1", "--hardware-id", "never-activated"], (emulator) => apiKeyEnv(emulator)],
    [7, ["vars", "list", "--json"], (emulator) => apiKeyEnv(emulator, { LICENSECTL_PUBLIC_KEY: "" })],
  ])("exits %i for %j, printing what the in-process run prints", async (exit, args, env) => {
    const emulator = await startTestEmulator();
    const options = { env: { HOME: tempHome(), ...env(emulator) } };
    const inProcess = await runCli(args, options);
    const built = await spawned(args, options);
    expect(built.code).toBe(exit);
    expect(built).toEqual({ ...inProcess, signal: null });
  });

  it("prints every command's help page as the in-process run does (the tree from the declarations)", async () => {
    const paths = commandPaths();
    expect(paths.length).toBeGreaterThan(15);
    const pages = await Promise.all(
      paths.map(async (path) => {
        const args = [...path, "--help"];
        return { args, inProcess: await runCli(args), built: await spawned(args) };
      }),
    );
    for (const { args, inProcess, built } of pages)
      expect({ args, ...built }).toEqual({ args, ...inProcess, signal: null });
  });

  it("exits 6, naming the unreachable host, when nothing listens", async () => {
    const emulator = await startTestEmulator();
    const origin = await deadOrigin();
    const env = apiKeyEnv(emulator, { LICENSECTL_API_URL: `${origin}/api/v4`, LICENSECTL_RETRIES: "0" });
    const built = await spawned(["vars", "list", "--json"], { env });
    expect(built.code).toBe(6);
    expect(built.stderr).toContain(new URL(origin).host);
  });

  it("sets, then deletes through the Management API, and ends each run by itself with 0", async () => {
    const emulator = await startTestEmulator();
    const env = { ...apiKeyEnv(emulator), ...managementEnv(emulator) };
    expect(await spawned(["vars", "set", "parity=1"], { env })).toMatchObject({ code: 0, signal: null });
    const unset = await spawned(["vars", "unset", "parity", "--yes", "--license-id", "1001"], { env });
    expect(unset).toMatchObject({ code: 0, signal: null });
    const list = await runCli(["vars", "list", "--json"], { env });
    expect((JSON.parse(list.stdout) as Array<{ variable: string }>).map((v) => v.variable)).not.toContain(
      "parity",
    );
    expect(emulator.requests.map((r) => r.method)).toEqual(expect.arrayContaining(["POST", "DELETE"]));
  });
});
