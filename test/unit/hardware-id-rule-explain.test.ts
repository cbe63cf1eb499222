import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSmallRegularFile } from "../../src/core/safe-read.js";
import { explainHardwareId } from "../../src/hardware-id/explain-hardware-id.js";
import { LINUX_FILES } from "../../src/hardware-id/linux-machine-id.js";
import type { MachineReads } from "../../src/hardware-id/machine-facts.js";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const ID_X = "0123456789abcdef0123456789abcdef";
const ID_Y = "fedcba9876543210fedcba9876543210";
const root = mkdtempSync(join(tmpdir(), "licensectl-rule-explain-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A Linux machine whose machine-id files live in a temporary directory (both rules read them there). */
function linuxLayout(name: string, files: { etc?: string; dbus?: string; fallback?: string }): MachineReads {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const paths = { etc: join(dir, "etc"), dbus: join(dir, "dbus"), fallback: join(dir, "fallback") };
  for (const key of ["etc", "dbus", "fallback"] as const) {
    const content = files[key];
    if (content !== undefined) writeFileSync(paths[key], content);
  }
  const [dbus, etc] = LINUX_FILES;
  const real = (path: string) => (path === dbus ? paths.dbus : path === etc ? paths.etc : path);
  return {
    platform: "linux",
    arch: "x64",
    env: {},
    readFile: (path) => {
      const read = readSmallRegularFile(real(path), 4096);
      return read.state === "read" ? read.text : undefined;
    },
    readMachineIdFile: (path) => readSmallRegularFile(path, 4096),
    machineIdPaths: paths,
    exists: () => false,
    hostname: () => "box-7",
  };
}

const derived = (value: string, detail = "derived") => ({
  value,
  source: { type: "derived" as const, detail },
});
const method = (value: "licensespring" | "node-machine-id") => ({
  value,
  source: { type: "default" as const },
});

describe("device id --explain: the rule used, the file read, and the other rule", () => {
  it("names the file read and says node-machine-id agrees on a normal machine", () => {
    const reads = linuxLayout("normal", { etc: `${ID_X}\n`, dbus: `${ID_X}\n` });
    const { derivation, warnings } = explainHardwareId(
      derived(sha(ID_X)),
      method("licensespring"),
      () => reads,
    );
    expect(derivation).toMatchObject({
      method: "licensespring",
      verified: true,
      read: reads.machineIdPaths?.etc,
      command: null,
      reproduced: true,
      other: { method: "node-machine-id", id: sha(ID_X), same: true },
    });
    expect(warnings).toEqual([]);
  });

  it("gives one actionable line when etc and dbus differ, naming node-machine-id's ID", () => {
    const reads = linuxLayout("differ", { etc: `${ID_X}\n`, dbus: `${ID_Y}\n` });
    const { derivation } = explainHardwareId(derived(sha(ID_X)), method("licensespring"), () => reads);
    expect(derivation?.other).toMatchObject({ id: sha(ID_Y), same: false });
    expect(derivation?.other?.note).toContain(sha(ID_Y));
    expect(derivation?.other?.note).toContain("--hardware-id-method node-machine-id");
    expect(derivation?.other?.note).not.toContain("\n");
  });

  it("under node-machine-id, says what the SDK would send instead (upper-case ID)", () => {
    const upper = ID_X.toUpperCase();
    const reads = linuxLayout("upper", { etc: `${upper}\n` });
    const { derivation } = explainHardwareId(derived(sha(ID_X)), method("node-machine-id"), () => reads);
    expect(derivation).toMatchObject({ method: "node-machine-id", reproduced: true });
    expect(derivation?.other).toMatchObject({ method: "licensespring", id: sha(upper), same: false });
    expect(derivation?.other?.note).toContain(sha(upper));
  });

  it("warns that the ID comes from the SDK's own fallback file", () => {
    const reads = linuxLayout("fallback", { fallback: "3F2504E0-4F89-41D3-9A0C-0305E82C3301" });
    const id = sha("3F2504E0-4F89-41D3-9A0C-0305E82C3301");
    const { derivation, warnings } = explainHardwareId(derived(id), method("licensespring"), () => reads);
    expect(derivation).toMatchObject({ read: reads.machineIdPaths?.fallback, reproduced: true });
    expect(warnings.map((w) => w.code)).toEqual(["sdk_fallback_file"]);
  });

  it("says the container warning's truth: the same container's SDK reads the same files", () => {
    const reads = {
      ...linuxLayout("container", { etc: `${ID_X}\n` }),
      exists: (p: string) => p === "/.dockerenv",
    };
    const { warnings } = explainHardwareId(derived(sha(ID_X)), method("licensespring"), () => reads);
    const container = warnings.find((w) => w.code === "container");
    expect(container?.message).toContain(
      "inside this same container reads the same files and registers this ID",
    );
  });

  it.each([
    ["darwin", sha("ABCDEF01-2345-6789-ABCD-EF0123456789"), "the IOPlatformUUID, upper-cased"],
    ["win32", sha("abcdef01-2345-6789-abcd-ef0123456789"), "the registry value MachineGuid"],
  ])("on %s says plainly the rule is not verified and how to check it", (platform, id, hashed) => {
    const reads: MachineReads = {
      ...linuxLayout(`os-${platform}`, {}),
      platform,
      osMachineId: "abcdef01-2345-6789-abcd-ef0123456789",
    };
    const { derivation, warnings } = explainHardwareId(derived(id), method("licensespring"), () => reads);
    expect(derivation).toMatchObject({ verified: false, reproduced: true, files: [] });
    expect(derivation?.hashed).toContain(hashed);
    expect(warnings[0]?.code).toBe("unverified_platform");
    expect(warnings[0]?.message).toContain("Devices view of the LicenseSpring platform");
  });
});
