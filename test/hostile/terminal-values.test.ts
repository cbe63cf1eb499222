import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, runCli, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, HWID, startTestEmulator, testSeed } from "../helpers/emulator.js";
import { writeDevicesFile } from "../helpers/fleet.js";
import { hostileApiEnv, startHostileServer } from "../helpers/hostile-server.js";
import { hasScript, runInTerminal } from "../helpers/terminal.js";

const OSC52 = "\u001b]52;c;cm0gLXJmIH4=\u0007";
const CLEAR = "\u001b[2J";

// Spawned: only a process on a real pseudo-terminal sees a TTY.
function onTerminal(args: string, env: Record<string, string>) {
  const home = tempHome();
  return runInTerminal(
    `node ${BIN} ${args}`,
    {
      cwd: home,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CONFIG_HOME: join(home, ".config"),
        TERM: "xterm",
        NO_COLOR: "1",
        ...env,
      },
    },
    [],
  );
}

async function emulatorWithHostileValue() {
  const seed = testSeed();
  const device = seed.licenses[0]?.devices?.[0];
  if (device) device.variables = { ...device.variables, evil: `a${OSC52}b${CLEAR}c` };
  return startTestEmulator({ seed });
}

describe.runIf(hasScript)("values licensectl did not write reach a terminal escaped", () => {
  it("vars get on a terminal escapes a value's escape sequences", async () => {
    const emulator = await emulatorWithHostileValue();
    const run = await onTerminal("vars get evil", apiKeyEnv(emulator));
    expect(run.code).toBe(0);
    expect(run.output).not.toContain("\u001b]52");
    expect(run.output).toContain("\\e]52;c;");
  });

  it("vars get --raw on a terminal prints the value byte for byte, as asked", async () => {
    const emulator = await emulatorWithHostileValue();
    const run = await onTerminal("vars get --raw evil", apiKeyEnv(emulator));
    expect(run.code).toBe(0);
    expect(run.output).toContain("\u001b]52");
  });

  it("device id -o env on a terminal escapes a hardware ID's control characters", async () => {
    const run = await onTerminal("device id -o env", { LICENSECTL_HARDWARE_ID: `hw${CLEAR}x` });
    expect(run.code).toBe(0);
    expect(run.output).not.toContain(CLEAR);
    expect(run.output).toContain("\\e[2J");
  });
});

describe("values for scripts stay raw where scripts capture them", () => {
  it("vars get in a pipe prints the value byte for byte", async () => {
    const emulator = await emulatorWithHostileValue();
    const run = await runCli(["vars", "get", "evil"], {
      env: { ...apiKeyEnv(emulator), LICENSECTL_HARDWARE_ID: HWID },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`a${OSC52}b${CLEAR}c\n`);
  });
});

describe("the summary of a run to many devices is escaped like the error line", () => {
  it("a server error code carrying OSC 52 and a screen clear does not reach stdout raw", async () => {
    const server = await startHostileServer(() => ({
      status: 400,
      json: { status: 400, code: `device_not_found${OSC52}${CLEAR}`, message: "no" },
    }));
    const file = writeDevicesFile("hardware_id,license_key\nhw-a,K\n");
    const run = await runCli(["vars", "set", "x=1", "--devices", file], { env: hostileApiEnv(server) });
    expect(run.code).toBe(5);
    expect(run.stdout).toContain("1 failed");
    expect(run.stdout).not.toContain("\u001b");
    expect(run.stderr).not.toContain("\u001b");
  });
});
