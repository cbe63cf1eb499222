import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { BIN, tempHome } from "../helpers/cli.js";
import { HWID, LICENSE_KEY, managementEnv, PRODUCT, startTestEmulator } from "../helpers/emulator.js";
import { hasScript, runInTerminal } from "../helpers/terminal.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

/** `vars unset region` on a real 80-column pseudo-terminal, with CI set as a runner sets it (or not). */
function unsetOnTerminal(ci: Record<string, string>, dialogue: ReadonlyArray<readonly [string, string]>) {
  const home = tempHome();
  return runInTerminal(
    `stty cols 80; node ${BIN} vars unset region`,
    {
      cwd: home,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CONFIG_HOME: join(home, ".config"),
        NO_COLOR: "1",
        TERM: "dumb",
        ...managementEnv(emulator, { LICENSECTL_HARDWARE_ID: HWID, LICENSECTL_PRODUCT: PRODUCT }),
        LICENSECTL_LICENSE_KEY: LICENSE_KEY,
        ...ci,
      },
    },
    dialogue,
  );
}

const variablesOfHwid = () => [
  ...(emulator.state.licenses[0]?.devices.find((d) => d.hardwareId === HWID)?.variables.keys() ?? []),
];

describe.runIf(hasScript)("CI=true on a terminal", () => {
  it.each(["true", "1"])(
    "CI=%s never prompts, as --no-input: exit 2, naming CI and --yes, nothing deleted",
    async (ci) => {
      const run = await unsetOnTerminal({ CI: ci }, []);
      expect(run.code).toBe(2);
      expect(run.output).toContain(`This needs an answer, but prompts are disabled in CI (CI=${ci}).`);
      expect(run.output).toContain("Pass --yes");
      expect(run.output).not.toContain("[y/N]");
      expect(variablesOfHwid()).toContain("region");
    },
  );

  it("CI=false still asks on a terminal", async () => {
    const run = await unsetOnTerminal({ CI: "false" }, [["[y/N]", "n\r"]]);
    expect(run.output).toContain("Delete it? [y/N]");
    expect(run.output).toContain("Cancelled: nothing was deleted.");
    expect(run.code).toBe(2);
    expect(variablesOfHwid()).toContain("region");
  });
});
