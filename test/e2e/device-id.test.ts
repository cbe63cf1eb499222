import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deriveHardwareId, nodeMachineId } from "../../src/hardware-id/derive-hardware-id.js";
import { LINUX_COMMAND } from "../../src/hardware-id/linux-machine-id.js";
import { runCli, tempHome } from "../helpers/cli.js";

describe("device id", () => {
  it("prints only this machine's derived ID and a newline, with no config at all", async () => {
    const result = await runCli(["device", "id"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${(await deriveHardwareId("licensespring")).value}\n`);
    // Warnings about the derivation (a container, say) go to stderr, each with its advice.
    for (const line of result.stderr.split("\n").filter(Boolean)) {
      expect(line).toMatch(/^warning: .* --hardware-id <id> or LICENSECTL_HARDWARE_ID\.$/);
    }
  });

  it.each([
    [["--hardware-id", "hw-flag"], {}, "hw-flag", { type: "flag", name: "--hardware-id" }],
    [[], { LICENSECTL_HARDWARE_ID: "hw-env" }, "hw-env", { type: "env", name: "LICENSECTL_HARDWARE_ID" }],
    [["--hardware-id", "hw-flag"], { LICENSECTL_HARDWARE_ID: "hw-env" }, "hw-flag", { type: "flag" }],
  ])("prints the configured ID as given: %j %j", async (args, env, id, source) => {
    const plain = await runCli(["device", "id", ...args], { env });
    expect(plain).toMatchObject({ code: 0, stdout: `${id}\n`, stderr: "" });
    const json = await runCli(["device", "id", "--json", ...args], { env });
    expect(JSON.parse(json.stdout)).toEqual({
      hardware_id: id,
      source: expect.objectContaining(source),
      method: null,
      derivation: null,
      warnings: [],
    });
  });

  it("names the config file a configured ID came from with --explain", async () => {
    const home = tempHome();
    writeFileSync(join(home, ".licensectlrc.json"), JSON.stringify({ hardwareId: "hw-file" }));
    const result = await runCli(["device", "id", "--explain"], { cwd: home, env: { HOME: home } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "hardware ID  hw-file\n" +
        `source       project config ${join(home, ".licensectlrc.json")}\n` +
        "derived      no: configured, so sent exactly as given\n",
    );
  });

  it.runIf(process.platform === "linux")(
    "explains the node-machine-id method: command, files read, and that hashing them reproduces it",
    async () => {
      const explain = await runCli(["device", "id", "--explain", "--hardware-id-method", "node-machine-id"]);
      expect(explain.code).toBe(0);
      expect(explain.stdout).toContain(`hardware ID  ${await nodeMachineId()}\n`);
      expect(explain.stdout).toContain("source       derived from this machine by node-machine-id\n");
      expect(explain.stdout).toContain(`command      ${LINUX_COMMAND}\n`);
      expect(explain.stdout).toMatch(/\nfiles +\/var\/lib\/dbus\/machine-id \((present|empty|missing)\), /);
      expect(explain.stdout).toContain("reproduced   yes");

      const json = await runCli(["device", "id", "--json"], {
        env: { LICENSECTL_HARDWARE_ID_METHOD: "node-machine-id" },
      });
      const parsed = JSON.parse(json.stdout) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual(["hardware_id", "source", "method", "derivation", "warnings"]);
      expect(parsed.method).toEqual({
        value: "node-machine-id",
        source: "env LICENSECTL_HARDWARE_ID_METHOD",
      });
      expect(parsed.derivation).toMatchObject({
        method: "node-machine-id",
        platform: "linux",
        reproduced: true,
        other: { method: "licensespring" },
      });
    },
  );
});
