import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempHome } from "../helpers/cli.js";
import { hostileManagementEnv, startHostileServer } from "../helpers/hostile-server.js";

const ESC = "\u001b";
const CLEAR = `${ESC}[2J${ESC}[H`;

describe("captions and listings built from text licensectl did not write", () => {
  it("vars unset names the device by a hardware ID shown escaped", async () => {
    const hardwareId = `hw\u200b${CLEAR}`;
    const server = await startHostileServer((request) => {
      if (request.path.endsWith("/devices/"))
        return { json: [{ id: 7, hardware_id: hardwareId, license: 1 }] };
      if (request.method === "DELETE") return { status: 204 };
      return { json: [{ id: 70, device: 7, variable: "channel", value: "beta" }] };
    });
    // In a pipe a caption is dropped from stdout and shown by --debug (on a terminal it heads the table).
    const result = await runCli(["vars", "unset", "channel", "--yes", "--debug"], {
      env: hostileManagementEnv(server, { LICENSECTL_HARDWARE_ID: hardwareId }),
    });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toContain("hardware ID hw\\u200b\\e[2J\\e[H");
    expect(result.stdout + result.stderr).not.toContain(ESC);
  });

  it("config show names a profile shown escaped", async () => {
    const home = tempHome();
    const profile = `p${CLEAR}\u202e`;
    writeFileSync(
      join(home, ".licensectlrc.json"),
      JSON.stringify({ profiles: { [profile]: { product: "x" } } }),
    );
    const result = await runCli(["--profile", profile, "config", "show", "--debug"], { env: { HOME: home } });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toContain("Profile p\\e[2J\\e[H\\u202e");
    expect(result.stdout + result.stderr).not.toContain(ESC);
  });

  it("config path lists a config file whose directory name holds an escape sequence, escaped", async () => {
    const home = tempHome();
    const project = join(home, `proj${CLEAR}`);
    mkdirSync(project);
    writeFileSync(join(project, ".licensectlrc.json"), JSON.stringify({ product: "x" }));
    const result = await runCli(["config", "path"], { env: { HOME: home }, cwd: project });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("proj\\e[2J\\e[H");
    expect(result.stdout).not.toContain(ESC);
  });
});
