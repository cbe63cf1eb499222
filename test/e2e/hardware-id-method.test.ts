import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deriveHardwareId, nodeMachineId } from "../../src/hardware-id/derive-hardware-id.js";
import { runCli, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, PRODUCT, startTestEmulator, testSeed } from "../helpers/emulator.js";

describe.runIf(process.platform === "linux")("hardwareIdMethod: which rule derives the hardware ID", () => {
  it("derives by LicenseSpring's SDK rule by default and says so, read in-process", async () => {
    const result = await runCli(["device", "id", "--explain"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`hardware ID  ${(await deriveHardwareId("licensespring")).value}\n`);
    expect(result.stdout).toContain("method       licensespring (default)\n");
    expect(result.stdout).toMatch(/\nread {9}\/(etc|var\/lib\/dbus|var\/tmp\/\.LicenseSpring)\/machine-id\n/);
    expect(result.stdout).toContain("command      none: read in-process\n");
    expect(result.stdout).toMatch(/\nother rule {3}node-machine-id: /);
  });

  it("takes the method from a config file key, like every setting", async () => {
    const home = tempHome();
    const file = join(home, ".licensectlrc.json");
    writeFileSync(file, JSON.stringify({ hardwareIdMethod: "node-machine-id" }));
    const result = await runCli(["device", "id", "--json"], { cwd: home, env: { HOME: home } });
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { hardware_id: string; method: unknown };
    expect(parsed.hardware_id).toBe(await nodeMachineId());
    expect(parsed.method).toEqual({ value: "node-machine-id", source: `project config ${file}` });
  });

  it.each([
    [["--hardware-id-method", "hostname"], {}, "flag --hardware-id-method", 2],
    [[], { LICENSECTL_HARDWARE_ID_METHOD: "sdk" }, "env LICENSECTL_HARDWARE_ID_METHOD", 3],
  ])(
    "refuses an unknown method %j %j (a flag: usage, exit 2; configuration: exit 3), naming the choices",
    async (args, env, where, code) => {
      const result = await runCli(["device", "id", ...args], { env });
      expect(result.code).toBe(code);
      expect(result.stderr).toContain(`${where} must be one of "licensespring", "node-machine-id"`);
    },
  );

  it("finds the device the SDK registered with this machine's derived ID (no --hardware-id)", async () => {
    const derived = (await deriveHardwareId("licensespring")).value;
    const seed = testSeed();
    seed.licenses.push({
      id: 2001,
      product: PRODUCT,
      licenseKey: "TEST-THIS-MACHINE",
      devices: [{ id: 42, hardwareId: derived, variables: { seat: "this machine" } }],
    });
    const emulator = await startTestEmulator({ seed });
    const env = apiKeyEnv(emulator, { LICENSECTL_LICENSE_KEY: "TEST-THIS-MACHINE" });
    delete env.LICENSECTL_HARDWARE_ID;
    const result = await runCli(["vars", "get", "seat"], { env });
    expect(result).toMatchObject({ code: 0, stdout: "this machine\n" });
  });
});
