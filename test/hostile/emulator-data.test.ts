import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorOf, runCli, spawnCli, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, HWID, startTestEmulator } from "../helpers/emulator.js";
import { runWithin } from "./bounded-run.js";

/** The region variable of the test device, as the License API lists it now. */
async function region(env: Record<string, string>): Promise<unknown> {
  const list = await runCli(["vars", "list", "--json"], { env });
  return (JSON.parse(list.stdout) as Array<{ variable: string; value: unknown }>).find(
    (v) => v.variable === "region",
  )?.value;
}

/** Start `licensectl emulator …` and resolve once it is listening (its banner printed). */
function startCliEmulator(args: string[], cwd: string) {
  const run = spawnCli(["emulator", "--port", "0", ...args], { cwd, env: { HOME: cwd } });
  const ready = new Promise<void>((resolve) => {
    let out = "";
    run.child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Press Ctrl+C")) resolve();
    });
  });
  return { ...run, ready };
}

describe("emulator --write-config", () => {
  it("refuses to replace an existing file without --force (exit 2), and replaces it with --force", async () => {
    const dir = tempHome();
    const path = join(dir, ".licensectlrc.json");
    writeFileSync(path, '{"product": "mine"}\n');
    const refused = await runWithin(["emulator", "--port", "0", "--write-config", path, "--json"], {
      cwd: dir,
    });
    expect(refused.code).toBe(2);
    expect(errorOf(refused.stderr)).toMatchObject({ code: "file_exists" });
    expect(readFileSync(path, "utf8")).toBe('{"product": "mine"}\n');

    const forced = startCliEmulator(["--write-config", path, "--force"], dir);
    await forced.ready;
    forced.child.kill("SIGINT");
    await forced.result;
    expect(JSON.parse(readFileSync(path, "utf8"))).toHaveProperty("managementApiKey");
  });
});

describe("emulator --data", () => {
  it("refuses a second emulator on the same data file (exit 3), naming the process that has it", async () => {
    const dataFile = join(tempHome(), "state.json");
    await startTestEmulator({ dataFile });
    await expect(startTestEmulator({ dataFile })).rejects.toMatchObject({ code: "data_file_locked" });
    const second = await runWithin(["emulator", "--port", "0", "--data", dataFile, "--json"], {});
    expect(second.code).toBe(3);
    expect(errorOf(second.stderr).message).toContain(`in use by another emulator (process ${process.pid})`);
  });

  it("takes over the lock of an emulator killed with kill -9", async () => {
    const dir = tempHome();
    const first = startCliEmulator(["--data", "state.json"], dir);
    await first.ready;
    first.child.kill("SIGKILL");
    await first.result;
    const second = startCliEmulator(["--data", "state.json"], dir);
    await second.ready;
    second.child.kill("SIGINT");
    expect((await second.result).code).toBe(130);
  });

  it("takes back a change whose save failed: the client is told it failed, and nobody sees it", async () => {
    const dir = join(tempHome(), "data");
    mkdirSync(dir);
    const emulator = await startTestEmulator({ dataFile: join(dir, "state.json") });
    const env = apiKeyEnv(emulator, { LICENSECTL_RETRIES: "0", LICENSECTL_HARDWARE_ID: HWID });
    rmSync(dir, { recursive: true }); // the disk is gone: every save fails from now on
    const set = await runCli(["vars", "set", "region=lost", "--json"], { env });
    expect(set.code).toBe(6); // a 5xx answer
    expect(errorOf(set.stderr)).toMatchObject({ status: 500, message: "Could not save the data" });
    expect(await region(env)).toBe("eu-west");
  });

  it("leaves no temporary files behind across runs killed mid-way (one fixed name, reused)", async () => {
    const dir = tempHome();
    const dataFile = join(dir, "state.json");
    writeFileSync(join(dir, ".state.json.tmp"), "half a snapshot"); // what kill -9 during a save leaves
    writeFileSync(`${dataFile}.lock`, `${spawnSync("true").pid}\n`); // and its lock, of a process now gone
    const emulator = await startTestEmulator({ dataFile });
    const env = apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: HWID });
    expect((await runCli(["vars", "set", "region=kept", "--json"], { env })).code).toBe(0);
    await emulator.close();
    expect(
      readdirSync(dir)
        .filter((name) => name !== ".config")
        .sort(),
    ).toEqual(["state.json"]);
  });
});
