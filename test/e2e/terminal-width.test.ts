import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { displayWidth, loadDisplayWidth } from "../../src/output/display-width.js";
import { BIN, runCli, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, LICENSE_KEY, PRODUCT, startTestEmulator, testSeed } from "../helpers/emulator.js";
import { hasScript, runInTerminal } from "../helpers/terminal.js";

const LONG_HWID = "5f0dc3e61a9b64d7e8520b3f9c41d6a08f3a1c229b7e4d05aa613e9077c4b218";
const LONG_VALUE = "https://downloads.example.com/releases/stable/app-7.4.2-linux-x86_64.tar.gz?token=abc";

let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = testSeed();
  seed.licenses[0]?.devices?.push({
    hardwareId: LONG_HWID,
    variables: { channel: "beta", download: LONG_VALUE, greeting: "héllo ✓ 日本" },
  });
  emulator = await startTestEmulator({ seed });
  await loadDisplayWidth(["日本"]); // this test measures wide characters too
});

const env = () => apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: LONG_HWID });

/** A real pseudo-terminal `columns` wide (script(1)); what it showed, escape sequences removed. */
async function onTerminal(columns: number, args: string, extraEnv: Record<string, string> = {}) {
  const home = tempHome();
  const run = await runInTerminal(
    `stty cols ${columns}; node ${BIN} ${args}`,
    {
      cwd: home,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CONFIG_HOME: join(home, ".config"),
        TERM: "xterm",
        ...extraEnv,
      },
    },
    [],
  );
  const lines = run.output
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing colour sequences is the point.
    .replace(/\u001b\[[0-9;]*m/g, "")
    .replace(/\r/g, "")
    .trimEnd()
    .split("\n");
  return { code: run.code, lines };
}

describe.runIf(hasScript)("on an 80-column terminal", () => {
  it("vars list fits: long values cut with …, the hardware ID shortened in the caption", async () => {
    const { code, lines } = await onTerminal(80, "vars list", env());
    expect(code).toBe(0);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(lines[0]).toContain("hardware ID 5f0dc3e6…b218 (env");
    expect(lines[1]).toMatch(/^VARIABLE\s+VALUE\s+UPDATED$/);
    const download = lines.find((line) => line.startsWith("download"));
    expect(download).toContain("…");
    expect(download).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z$/); // UPDATED stays on its row
    // Padding by display width: the UPDATED column starts at the same place on every row.
    const starts = lines.slice(1).map((line) => displayWidth(line.slice(0, line.search(/\S+$/))));
    expect(new Set(starts).size).toBe(1);
  });

  it("config show falls back to one block per setting, no line wider than the terminal, with the derived ID", async () => {
    const { code, lines } = await onTerminal(80, "config show", { LICENSECTL_PRODUCT: PRODUCT });
    expect(code).toBe(0);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(lines.find((line) => line.startsWith("product"))).toMatch(/^product\s+demo$/);
    // A value too long to follow its key gets a line of its own, whole.
    expect(lines).toContain(
      "https://auth.licensespring.com/realms/user-portal/protocol/openid-connect/token",
    );
    const hardwareId = lines.findIndex((line) => line.startsWith("hardwareId"));
    expect(lines[hardwareId]).toBe("hardwareId"); // 18 + 64 columns: the ID goes on a line of its own
    expect(lines[hardwareId + 1]).toMatch(/^ {2}[0-9a-f]{64}$/);
    expect(lines[hardwareId + 2]).toMatch(
      /^ {2}source: derived from this machine by LicenseSpring.s SDK rule/,
    );
    expect(lines.join("\n")).not.toMatch(/hardwareId\s+\(not set\)/);
  });

  it("config show keeps the table on a terminal wide enough for it", async () => {
    const { code, lines } = await onTerminal(200, "config show");
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^KEY\s+VALUE\s+SOURCE$/);
  });
});

describe("in a pipe", () => {
  it("vars list cuts nothing and prints no caption: stdout is the table, stderr is empty", async () => {
    const result = await runCli(["vars", "list"], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")[0]).toMatch(/^VARIABLE\s+VALUE\s+UPDATED$/);
    expect(result.stdout).toContain(LONG_VALUE);
    expect(result.stdout).not.toContain("…");
  });

  it("-o tsv and --json carry the full values", async () => {
    const tsv = await runCli(["vars", "list", "-o", "tsv"], { env: env() });
    expect(tsv.stdout).toContain(`download\t${LONG_VALUE}\n`);
    const json = await runCli(["vars", "list", "--json"], { env: env() });
    expect(JSON.parse(json.stdout)).toContainEqual(expect.objectContaining({ value: LONG_VALUE }));
  });

  it("config show names the hardware ID that will be sent: derived when none is configured", async () => {
    const result = await runCli(["config", "show", "--json"], {
      env: { LICENSECTL_LICENSE_KEY: LICENSE_KEY },
    });
    const { hardwareId } = (
      JSON.parse(result.stdout) as { settings: Record<string, { value: unknown; from: unknown }> }
    ).settings;
    expect(hardwareId?.value).toMatch(/^[0-9a-f]{64}$/);
    expect(hardwareId?.from).toMatch(/^derived from this machine by LicenseSpring.s SDK rule/);
  });
});
