import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { displayWidth, loadDisplayWidth } from "../../src/output/display-width.js";
import { BIN, runCli, tempHome } from "../helpers/cli.js";
import {
  apiKeyEnv,
  LICENSE_KEY,
  MANAGEMENT_API_KEY,
  PRODUCT,
  startTestEmulator,
  testSeed,
} from "../helpers/emulator.js";
import { hasScript, runInTerminal } from "../helpers/terminal.js";

const LONG_HWID = "5f0dc3e61a9b64d7e8520b3f9c41d6a08f3a1c229b7e4d05aa613e9077c4b218";
const OTHER_HWID = "3d79d02b4cecf8b454042d5d32acf774ccb81acace23086ab8d710d537231300";
const LONG_VALUE = "https://downloads.example.com/releases/stable/app-7.4.2-linux-x86_64.tar.gz?token=abc";

let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = testSeed();
  seed.licenses[0]?.devices?.push(
    {
      id: 1700000000000003,
      hardwareId: LONG_HWID,
      variables: { channel: "beta", download: LONG_VALUE, greeting: "héllo ✓ 日本" },
      os: "linux",
      hostname: "build-host-0003.example.com",
      appVer: "1.2.0",
      lastCheck: Date.UTC(2026, 0, 1, 0, 2, 0),
    },
    { id: 1700000000000103, hardwareId: OTHER_HWID, variables: { channel: "stable" } },
  );
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

/** The emulator's banner on a real terminal `columns` wide, stopped with Ctrl+C once it has been shown. */
async function onEmulatorBanner(columns: number): Promise<string[]> {
  const home = tempHome();
  const run = await runInTerminal(
    `stty cols ${columns}; node ${BIN} emulator`,
    { cwd: home, env: { PATH: process.env.PATH, HOME: home, NO_COLOR: "1", TERM: "dumb" } },
    [["Press Ctrl+C to stop.", "\u0003"]],
  );
  const output = run.output.replace(/\r/g, "");
  return output.slice(0, output.indexOf("Press Ctrl+C to stop.")).trimEnd().split("\n");
}

/** Wrapped lines read as one: each line's hanging indent dropped. */
const joined = (lines: readonly string[]) => lines.map((line) => line.trim()).join(" ");

describe.runIf(hasScript)("on an 80-column terminal", () => {
  it("vars list fits: long values cut with …, the hardware ID shortened in the caption", async () => {
    const { code, lines } = await onTerminal(80, "vars list", env());
    expect(code).toBe(0);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    // The caption wraps at a word boundary instead of losing its end ("(derived fr…").
    const header = lines.findIndex((line) => /^VARIABLE\s+VALUE\s+UPDATED$/.test(line));
    expect(header).toBeGreaterThan(0);
    const caption = joined(lines.slice(0, header));
    expect(caption).toContain("hardware ID 5f0dc3e6…b218 (env LICENSECTL_HARDWARE_ID)");
    expect(caption).not.toContain("…\n");
    const download = lines.find((line) => line.startsWith("download"));
    expect(download).toContain("…");
    expect(download).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z$/); // UPDATED stays on its row
    // Padding by display width: the UPDATED column starts at the same place on every row.
    const starts = lines.slice(header).map((line) => displayWidth(line.slice(0, line.search(/\S+$/))));
    expect(new Set(starts).size).toBe(1);
  });

  it("every help page a newcomer meets fits one 80-column, 40-line screen on a real terminal", async () => {
    for (const args of ["--help", "help globals", "vars --help", "vars set --help", "vars apply --help"]) {
      const { code, lines } = await onTerminal(80, args);
      expect(code, args).toBe(0);
      expect(lines.length, args).toBeLessThanOrEqual(40);
      for (const line of lines) expect(displayWidth(line), `${args}: ${line}`).toBeLessThanOrEqual(80);
    }
  });

  it("devices list keeps IDs whole (hardware IDs as first8…last4), leaves out low-priority columns, says how to see them", async () => {
    const { code, lines } = await onTerminal(80, "devices list", {
      ...env(),
      LICENSECTL_MANAGEMENT_URL: emulator.managementUrl,
      LICENSECTL_MANAGEMENT_API_KEY: MANAGEMENT_API_KEY,
      LICENSECTL_HARDWARE_ID: "",
    });
    expect(code).toBe(0);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    const header = lines.findIndex((line) => line.startsWith("DEVICE ID"));
    expect(joined(lines.slice(0, header))).toMatch(
      /on the license key "TEST-AAAA-BBBB-CCCC" .* of\s+product "demo"/,
    );
    expect(lines[header]).toMatch(/^DEVICE ID\s+HARDWARE ID\s+LICENSE\s+ACTIVE\s+LAST CHECK\s+VARS$/);
    const row = lines.find((line) => line.startsWith("1700000000000003"));
    expect(row).toMatch(/^1700000000000003 +5f0dc3e6…b218 +1001 +yes +2026-01-01T00:02Z +3$/);
    expect(lines.find((line) => line.startsWith("1698663677416479"))).toContain(" hw-0001-test ");
    // No ID is ever cut in the middle.
    expect(lines.join("\n")).not.toMatch(/[0-9a-f]{9,}…|…[0-9a-f]{5,}/);
    expect(joined(lines.slice(header))).toMatch(
      /OS · HOST · APP left out to fit 80 columns: -o json or\s+-o tsv shows every field whole/,
    );
  });

  it("vars diff and vars copy captions name both devices in the short form, and the counts, within 80 columns", async () => {
    const diff = await onTerminal(80, `vars diff ${LONG_HWID} ${OTHER_HWID}`, env());
    expect(diff.code).toBe(0);
    expect(diff.lines[0]).toBe(
      "A 5f0dc3e6…b218 · B 3d79d02b…1300: 0 added, 2 removed, 1 changed, 0 the same",
    );
    const copy = await onTerminal(80, `vars copy --from ${OTHER_HWID} --to ${LONG_HWID} --dry-run`, env());
    expect(copy.code).toBe(0);
    for (const line of [...diff.lines, ...copy.lines]) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(joined(copy.lines.slice(0, 2))).toMatch(
      /^Dry run, nothing was sent: 0 to add, 1 to change, 0 unchanged · hardware ID\s+5f0dc3e6…b218 \(flag --to\)$/,
    );
  });

  it("doctor and the emulator banner wrap long lines at word boundaries, under the text they continue", async () => {
    const doctor = await onTerminal(80, "doctor", env());
    expect(doctor.code).toBe(0);
    const banner = await onEmulatorBanner(80);
    for (const lines of [doctor.lines, banner]) {
      // Every line fits, unless it is one word too wide for any line (a URL, a 64-character hardware ID).
      for (const line of lines) if (displayWidth(line) > 80) expect(line.trim()).not.toContain(" ");
    }
    const credentials = doctor.lines.findIndex((line) => line.startsWith("✓ credentials "));
    expect(doctor.lines[credentials + 1]).toMatch(/^ {27}\S/); // continued under the detail column
    const oauth = banner.findIndex((line) => line.startsWith("  OAuth token"));
    expect(banner[oauth + 1]).toMatch(/^ {15}http:\/\/127\.0\.0\.1:\d+\/auth\//);
    expect(joined(banner.slice(oauth, oauth + 4))).toMatch(/\(clientId \S+, clientSecret \S+\)/);
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
