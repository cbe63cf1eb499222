import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { explainDerivation, explainHardwareId } from "../../src/hardware-id/explain-hardware-id.js";
import {
  LINUX_COMMAND,
  LINUX_FILES,
  linuxHashInput,
  sha256Hex,
} from "../../src/hardware-id/linux-machine-id.js";
import type { MachineReads } from "../../src/hardware-id/machine-facts.js";

const [DBUS, ETC] = LINUX_FILES;
const ID_A = "0123456789abcdef0123456789abcdef";
const ID_B = "fedcba9876543210fedcba9876543210";

// [case, /var/lib/dbus/machine-id, /etc/machine-id (undefined: missing), hashed text, what it came from]
const PIPELINE_CASES: Array<[string, string | undefined, string | undefined, string, string[]]> = [
  ["both files", `${ID_A}\n`, `${ID_B}\n`, ID_A, [DBUS]],
  ["only /etc/machine-id", undefined, `${ID_B}\n`, ID_B, [ETC]],
  ["no file: the hostname", undefined, undefined, "build-box-7", ["hostname"]],
  ["dbus empty, etc missing: the hostname", "", undefined, "build-box-7", ["hostname"]],
  ["dbus missing, etc empty: the hostname", undefined, "", "build-box-7", ["hostname"]],
  ["both empty: the empty string", "", "", "", []],
  ["dbus empty, etc present", "", `${ID_B}\n`, ID_B, [ETC]],
  ["a blank first line hides the next file", "\n", `${ID_B}\n`, "", []],
  ["no final newline runs into the hostname", ID_A, undefined, `${ID_A}build-box-7`, [DBUS, "hostname"]],
  ["whitespace removed, lower-cased", `  ${ID_A.toUpperCase()} \n`, undefined, ID_A, [DBUS]],
];

describe("linuxHashInput: what node-machine-id's Linux pipeline hashes", () => {
  it.each(PIPELINE_CASES)("%s", (_name, dbus, etc, text, inputs) => {
    expect(linuxHashInput([dbus, etc], "Build-Box-7")).toEqual({ text, inputs });
  });

  const dir = mkdtempSync(join(tmpdir(), "licensectl-machine-id-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The model must agree with the real shell pipeline (same command, temporary files for the two paths).
  it.runIf(process.platform === "linux").each(PIPELINE_CASES)("agrees with sh for: %s", (name, dbus, etc) => {
    const paths = [dbus, etc].map((content, i) => {
      const path = join(dir, `${name.replace(/\W+/g, "-")}-${i}`);
      if (content !== undefined) writeFileSync(path, content);
      return path;
    });
    const command = LINUX_COMMAND.replace(DBUS, paths[0] ?? "").replace(ETC, paths[1] ?? "");
    const printed = execFileSync("/bin/sh", ["-c", command], { encoding: "utf8" });
    // node-machine-id's Linux `expose`: every whitespace character removed, lower-cased.
    const exposed = printed.replace(/\r+|\n+|\s+/gi, "").toLowerCase();
    expect(exposed).toBe(linuxHashInput([dbus, etc], hostname()).text);
  });
});

function linux(files: Record<string, string>, extra: Partial<MachineReads> = {}): MachineReads {
  return {
    platform: "linux",
    arch: "x64",
    env: {},
    readFile: (path) => files[path],
    exists: (path) => path in files,
    hostname: () => "build-box-7",
    ...extra,
  };
}

const codes = (reads: MachineReads, id: string) => explainDerivation(reads, id).warnings.map((w) => w.code);

describe("explainDerivation on Linux", () => {
  it("names the file it read and confirms the ID, with no warning on a plain machine", () => {
    const { derivation, warnings } = explainDerivation(linux({ [DBUS]: `${ID_A}\n` }), sha256Hex(ID_A));
    expect(derivation).toMatchObject({
      command: LINUX_COMMAND,
      inputs: [DBUS],
      hostname: null,
      files: [
        { path: DBUS, state: "present" },
        { path: ETC, state: "missing" },
      ],
      reproduced: true,
    });
    expect(derivation.hashed).toBe(`the first line of ${DBUS}, whitespace removed, lower-cased`);
    expect(warnings).toEqual([]);
  });

  it("warns that the hostname was hashed when no file holds an ID, naming the hostname", () => {
    const { derivation, warnings } = explainDerivation(linux({ [ETC]: "" }), sha256Hex("build-box-7"));
    expect(derivation).toMatchObject({ inputs: ["hostname"], hostname: "build-box-7", reproduced: true });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.code).toBe("hostname_fallback");
    expect(warnings[0]?.message).toContain(`hostname "build-box-7"`);
    expect(warnings[0]?.message).toContain(`${DBUS} is missing, ${ETC} is empty`);
    expect(warnings[0]?.advice).toContain("--hardware-id");
    expect(warnings[0]?.advice).toContain("LICENSECTL_HARDWARE_ID");
  });

  it("warns that the empty string was hashed when both files are empty", () => {
    const { derivation, warnings } = explainDerivation(linux({ [DBUS]: "", [ETC]: "\n" }), sha256Hex(""));
    expect(derivation.hashed).toContain("the empty string");
    expect(derivation.reproduced).toBe(true);
    expect(warnings.map((w) => w.code)).toEqual(["empty_machine_id"]);
  });

  it.each([
    [
      "a machine-id that says uninitialized",
      { [ETC]: "uninitialized\n" },
      "uninitialized",
      "unusual_machine_id",
    ],
    ["a file without a final newline", { [DBUS]: ID_A }, `${ID_A}build-box-7`, "hostname_fallback"],
    ["an ID node-machine-id did not return", { [DBUS]: `${ID_A}\n` }, "something else", "not_reproduced"],
  ])("warns about %s", (_name, files, hashedText, code) => {
    expect(codes(linux(files), sha256Hex(hashedText))).toContain(code);
  });

  it.each([
    ["/.dockerenv", linux({ [DBUS]: ID_A, "/.dockerenv": "" }), "/.dockerenv exists"],
    ["/run/.containerenv", linux({ [DBUS]: ID_A, "/run/.containerenv": "" }), "/run/.containerenv exists"],
    ["the container variable", linux({ [DBUS]: ID_A }, { env: { container: "podman" } }), "container=podman"],
    [
      "a cgroup marker",
      linux({ [DBUS]: ID_A, "/proc/1/cgroup": "0::/kubepods/pod1\n" }),
      "mentions kubepods",
    ],
  ])("detects a container from %s", (_name, reads, evidence) => {
    const container = explainDerivation(reads, "").warnings.find((w) => w.code === "container");
    expect(container?.message).toContain(evidence);
    expect(container?.advice).toContain("--hardware-id");
  });

  it("detects WSL from the kernel release", () => {
    const reads = linux({
      [DBUS]: ID_A,
      "/proc/sys/kernel/osrelease": "5.15.153.1-microsoft-standard-WSL2\n",
    });
    const wsl = explainDerivation(reads, sha256Hex(ID_A)).warnings.find((w) => w.code === "wsl");
    expect(wsl?.message).toContain("/proc/sys/kernel/osrelease mentions Microsoft");
  });

  it("warns about nothing environmental on a plain Linux machine", () => {
    const reads = linux({
      [DBUS]: `${ID_A}\n`,
      "/proc/1/cgroup": "0::/init.scope\n",
      "/proc/version": "Linux 6.1",
    });
    expect(codes(reads, sha256Hex(ID_A))).toEqual([]);
  });
});

describe("explainDerivation elsewhere", () => {
  const other = (platform: string, arch = "x64", env = {}): MachineReads => ({
    ...linux({}),
    platform,
    arch,
    env,
  });

  it.each([
    ["darwin", other("darwin"), "ioreg -rd1 -c IOPlatformExpertDevice", ["IOPlatformUUID"]],
    [
      "win32",
      other("win32"),
      "%windir%\\System32\\REG.exe QUERY HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography /v MachineGuid",
      ["MachineGuid"],
    ],
    [
      "win32, 32-bit Node on 64-bit Windows",
      other("win32", "ia32", { PROCESSOR_ARCHITEW6432: "AMD64" }),
      "%windir%\\sysnative\\cmd.exe /c %windir%\\System32\\REG.exe QUERY HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography /v MachineGuid",
      ["MachineGuid"],
    ],
    ["an unsupported platform", other("aix"), null, []],
  ])("describes %s from its command, without reading files", (_name, reads, command, inputs) => {
    const { derivation, warnings } = explainDerivation(reads, "x");
    expect(derivation).toMatchObject({ command, inputs, files: [], reproduced: null });
    expect(warnings).toEqual([]);
  });
});

describe("explainHardwareId", () => {
  it("reads nothing from the machine for a configured ID", () => {
    const explanation = explainHardwareId(
      { value: "hw-1", source: { type: "flag", name: "--hardware-id" } },
      { value: "licensespring", source: { type: "default" } },
      () => {
        throw new Error("must not read the machine");
      },
    );
    expect(explanation).toEqual({
      hardwareId: { value: "hw-1", source: { type: "flag", name: "--hardware-id" } },
      method: null,
      derivation: null,
      warnings: [],
    });
  });
});
