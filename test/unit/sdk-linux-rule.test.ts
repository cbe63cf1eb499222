import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CliError } from "../../src/core/cli-error.js";
import { deriveHardwareId } from "../../src/hardware-id/derive-hardware-id.js";
import { LINUX_COMMAND, LINUX_FILES } from "../../src/hardware-id/linux-machine-id.js";
import { deriveSdkLinuxId, type MachineIdPaths } from "../../src/hardware-id/sdk-linux-rule.js";

/** The expected value, computed from §5's rule here rather than by the code under test. */
const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

const ID_X = "0123456789abcdef0123456789abcdef";
const ID_Y = "fedcba9876543210fedcba9876543210";
const UPPER = "0123456789ABCDEF0123456789ABCDEF";
const SDK_UUID = "3F2504E0-4F89-41D3-9A0C-0305E82C3301"; // what the SDK writes: 36 bytes, no newline

const root = mkdtempSync(join(tmpdir(), "licensectl-sdk-rule-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A machine-id layout in a fresh directory: undefined leaves a file missing. */
function layout(name: string, etc?: string, dbus?: string, fallback?: string): MachineIdPaths {
  const dir = join(root, name.replace(/\W+/g, "-"));
  mkdirSync(join(dir, "LicenseSpring"), { recursive: true });
  const paths = {
    etc: join(dir, "etc"),
    dbus: join(dir, "dbus"),
    fallback: join(dir, "LicenseSpring", "id"),
  };
  if (etc !== undefined) writeFileSync(paths.etc, etc);
  if (dbus !== undefined) writeFileSync(paths.dbus, dbus);
  if (fallback !== undefined) writeFileSync(paths.fallback, fallback);
  return paths;
}

/** node-machine-id's result for the same files: its real shell pipeline on the temporary paths, hashed as it does. */
function nodeMachineIdFor(paths: MachineIdPaths): string {
  const [dbus, etc] = LINUX_FILES;
  const command = LINUX_COMMAND.replace(dbus, paths.dbus).replace(etc, paths.etc);
  const printed = execFileSync("/bin/sh", ["-c", command], { encoding: "utf8" });
  return sha(printed.replace(/\r+|\n+|\s+/gi, "").toLowerCase());
}

// [layout, etc, dbus, fallback, the text the SDK hashes, whether node-machine-id gives the same ID]
const LAYOUTS: Array<[string, string | undefined, string | undefined, string | undefined, string, boolean]> =
  [
    ["etc and dbus equal (a normal machine)", `${ID_X}\n`, `${ID_X}\n`, undefined, ID_X, true],
    ["etc = X, dbus = Y: etc wins", `${ID_X}\n`, `${ID_Y}\n`, undefined, ID_X, false],
    ["etc upper-case, no dbus: case kept", `${UPPER}\n`, undefined, undefined, UPPER, false],
    ["etc without a final newline: nothing appended", ID_X, undefined, undefined, ID_X, false],
    ["etc with trailing spaces: kept", `${ID_X}  \n`, undefined, undefined, `${ID_X}  `, false],
    ["etc with a CR before the newline: kept", `${ID_X}\r\n`, undefined, undefined, `${ID_X}\r`, false],
    ["etc empty: falls to dbus", "", `${ID_Y}\n`, undefined, ID_Y, true],
    ["etc first line empty: falls to dbus", `\n${ID_X}\n`, `${ID_Y}\n`, undefined, ID_Y, true],
    ["etc missing: dbus", undefined, `${ID_Y}\n`, undefined, ID_Y, true],
    ["only the SDK's fallback file", undefined, undefined, SDK_UUID, SDK_UUID, false],
    ["etc and dbus empty: the SDK's fallback file", "", "\n", SDK_UUID, SDK_UUID, false],
    ["only the first line of etc", `${ID_X}\n${ID_Y}\n`, undefined, undefined, ID_X, true],
  ];

describe.runIf(process.platform === "linux")("LicenseSpring's SDK rule on machine-id layouts (§5)", () => {
  it.each(LAYOUTS)("%s", (name, etc, dbus, fallback, hashed, sameAsNodeMachineId) => {
    const paths = layout(name, etc, dbus, fallback);
    const derived = deriveSdkLinuxId(paths);
    expect(derived).toMatchObject({ ok: true, hardwareId: sha(hashed) });
    expect(nodeMachineIdFor(paths) === sha(hashed)).toBe(sameAsNodeMachineId);
  });

  it("derives through a symbolic link, as on Debian where dbus's machine-id links to /etc/machine-id", () => {
    const paths = layout("dbus links to etc", undefined, undefined);
    writeFileSync(join(root, "linked-target"), `${ID_Y}\n`);
    symlinkSync(join(root, "linked-target"), paths.dbus);
    expect(deriveSdkLinuxId(paths)).toMatchObject({ ok: true, hardwareId: sha(ID_Y), path: paths.dbus });
  });

  it("refuses a directory, a FIFO or an oversized file where a machine-id should be, without reading past it", () => {
    const directory = layout("etc is a directory", undefined, `${ID_Y}\n`);
    mkdirSync(directory.etc);
    expect(deriveSdkLinuxId(directory)).toMatchObject({
      ok: false,
      reason: `${directory.etc} is not a regular file`,
    });
    const fifo = layout("etc is a fifo", undefined, `${ID_Y}\n`);
    execFileSync("mkfifo", [fifo.etc]);
    expect(deriveSdkLinuxId(fifo)).toMatchObject({ ok: false });
    const large = layout("etc is large", `${ID_X}\n${"x".repeat(5000)}`, `${ID_Y}\n`);
    expect(deriveSdkLinuxId(large)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("larger than"),
    });
  });

  it("fails with a config error (exit 3) when no machine ID exists, saying why and how to pass the ID", async () => {
    const paths = layout("no machine id at all", undefined, "", undefined);
    const failure = await deriveHardwareId("licensespring", "linux", paths).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliError);
    const error = failure as CliError;
    expect(error.exitCode).toBe(3);
    expect(error.code).toBe("hardware_id_unavailable");
    expect(error.message).toContain(`${paths.etc} is missing, ${paths.dbus} has an empty first line`);
    expect(error.message).toContain("random UUID");
    expect(error.message).toContain("never ran here");
    for (const way of ["--hardware-id", "LICENSECTL_HARDWARE_ID", "hardwareId in a config file"]) {
      expect(error.hint).toContain(way);
    }
    // The SDK's fallback file belongs to the app: licensectl never creates it.
    expect(existsSync(paths.fallback)).toBe(false);
  });

  it("derives in-process by default and with node-machine-id's shell only when asked", async () => {
    const paths = layout("method choice", `${UPPER}\n`, undefined);
    expect(await deriveHardwareId("licensespring", "linux", paths)).toEqual({
      value: sha(UPPER),
      detail: `derived from this machine by LicenseSpring's SDK rule (first line of ${paths.etc})`,
    });
    // node-machine-id reads the real machine: compare with its pipeline on the real files.
    const real = { etc: "/etc/machine-id", dbus: "/var/lib/dbus/machine-id", fallback: "" };
    expect((await deriveHardwareId("node-machine-id")).value).toBe(nodeMachineIdFor(real));
  });

  it("gives node-machine-id's hostname fallback no place: no hostname in the SDK rule", () => {
    const paths = layout("hostname never used", undefined, undefined);
    expect(deriveSdkLinuxId(paths)).toMatchObject({ ok: false });
    expect(nodeMachineIdFor(paths)).toBe(sha(hostname().toLowerCase()));
  });
});
