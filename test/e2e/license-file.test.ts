import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { deriveHardwareId } from "../../src/hardware-id/derive-hardware-id.js";
import { errorOf, runCli, runRecorded, tempHome } from "../helpers/cli.js";
import {
  apiKeyEnv,
  LICENSE_KEY,
  PRODUCT,
  startTestEmulator,
  testSeed,
  USERNAME,
} from "../helpers/emulator.js";
import { keyActivation, userActivation, writeSdkLicenseFile } from "../helpers/sdk-license-file.js";

/** What the app passed the SDK as its own hardwareID: no rule derives it. */
const APP_HWID = "vm-7f3a:app-assigned-device-0042";
const FILE_KEY = "the-app-file-key-5d1c9e";

let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = testSeed();
  const [keyLicense, userLicense] = seed.licenses;
  if (!keyLicense?.devices || !userLicense?.devices) throw new Error("the test seed changed");
  keyLicense.devices.push({ id: 1698663677419001, hardwareId: APP_HWID, variables: { tier: "gold" } });
  userLicense.devices.push({ id: 1698663677419002, hardwareId: APP_HWID, variables: { seat: "42" } });
  emulator = await startTestEmulator({ seed });
});

/** The app's data folder, with the file its SDK wrote after activating (key-based unless `user`). */
function appFile(options: { user?: boolean; hardwareId?: string; products?: readonly string[] } = {}) {
  const dir = join(tempHome(), "app-data");
  for (const product of options.products ?? [PRODUCT]) {
    writeSdkLicenseFile({
      filePath: dir,
      filename: "MyApp",
      fileKey: FILE_KEY,
      product,
      hardwareId: options.hardwareId ?? APP_HWID,
      license: options.user ? userActivation(1002, USERNAME) : keyActivation(1001, LICENSE_KEY),
    });
  }
  return join(dir, "MyApp.key");
}

/** Credentials and the API from the environment; product, license and hardware ID only from the file. */
const fileEnv = (path: string, extra: Record<string, string> = {}) =>
  apiKeyEnv(emulator, {
    LICENSECTL_PRODUCT: "",
    LICENSECTL_LICENSE_KEY: "",
    LICENSECTL_HARDWARE_ID: "",
    LICENSECTL_LICENSE_FILE: path,
    LICENSECTL_LICENSE_FILE_KEY: FILE_KEY,
    ...extra,
  });

describe("the app's license file drives every command to its own device", () => {
  it("vars set and vars list act on exactly the file's product, license, license ID and hardware ID", async () => {
    const path = appFile();
    const set = await runRecorded(emulator, ["vars", "set", "seats=5"], { env: fileEnv(path) });
    expect(set).toMatchObject({ code: 0, stderr: "" });
    // The values before, read for the journal, then the write: both name exactly the file's device.
    expect(set.requests).toHaveLength(2);
    expect(set.requests[0]).toMatchObject({
      method: "GET",
      path: "/api/v4/get_device_variables",
      query: { product: PRODUCT, hardware_id: APP_HWID, license_key: LICENSE_KEY, license_id: "1001" },
    });
    expect(set.requests[1]).toMatchObject({
      path: "/api/v4/track_device_variables",
      status: 200,
      body: {
        product: PRODUCT,
        hardware_id: APP_HWID,
        license_key: LICENSE_KEY,
        license_id: 1001,
        variables: { seats: 5 },
      },
    });
    const list = await runRecorded(emulator, ["vars", "list", "--json"], { env: fileEnv(path) });
    expect(list.code).toBe(0);
    expect(list.requests[0]?.query).toEqual({
      product: PRODUCT,
      hardware_id: APP_HWID,
      license_key: LICENSE_KEY,
      license_id: "1001",
    });
    const names = (JSON.parse(list.stdout) as Array<{ variable: string }>).map((v) => v.variable);
    expect(names.sort()).toEqual(["seats", "tier"]);
  });

  it("names a user-based license by the file's user and license ID", async () => {
    const list = await runRecorded(emulator, ["vars", "list", "--json"], {
      env: fileEnv(appFile({ user: true })),
    });
    expect(list.code).toBe(0);
    expect(list.requests[0]?.query).toEqual({
      product: PRODUCT,
      hardware_id: APP_HWID,
      username: USERNAME,
      license_id: "1002",
    });
    expect(list.stdout).toContain('"seat"');
  });

  it("lets a flag win over the file, and says which won", async () => {
    const path = appFile();
    const result = await runRecorded(emulator, ["vars", "list", "--hardware-id", "hw-0001-test"], {
      env: fileEnv(path),
    });
    expect(result.code).toBe(0);
    expect(result.requests[0]?.query).toMatchObject({ hardware_id: "hw-0001-test", license_id: "1001" });
    expect(result.stderr).toBe(
      `warning: --hardware-id (flag) wins over the license file's hardware ID "${APP_HWID}".\n`,
    );
  });

  it("picks the configured product in a file of several, and lists them when none is configured", async () => {
    const path = appFile({ products: ["other", PRODUCT] });
    const picked = await runRecorded(emulator, ["vars", "list"], {
      env: fileEnv(path, { LICENSECTL_PRODUCT: PRODUCT }),
    });
    expect(picked.code).toBe(0);
    expect(picked.requests[0]?.query).toMatchObject({ product: PRODUCT, hardware_id: APP_HWID });
    const none = await runRecorded(emulator, ["vars", "list", "--json"], { env: fileEnv(path) });
    expect(none.code).toBe(3);
    expect(none.requests).toEqual([]);
    expect(errorOf(none.stderr)).toMatchObject({
      code: "license_file_several_products",
      message: `The license file ${path} holds licenses of several products: "other", "demo"; no product is configured to pick one.`,
    });
  });

  it("says where each value came from in config show, with the key masked and never printed", async () => {
    const path = appFile();
    const result = await runCli(["config", "show", "--json"], { env: fileEnv(path) });
    expect(result.code).toBe(0);
    const settings = (
      JSON.parse(result.stdout) as { settings: Record<string, { value: unknown; from: string }> }
    ).settings;
    const from = `license file ${path} (product "demo")`;
    expect(settings.product).toMatchObject({ value: PRODUCT, from });
    expect(settings.licenseKey).toMatchObject({ value: LICENSE_KEY, from });
    expect(settings.licenseId).toMatchObject({ value: 1001, from });
    expect(settings.hardwareId).toMatchObject({ value: APP_HWID, from });
    expect(settings.licenseFile).toMatchObject({ value: path, from: "env LICENSECTL_LICENSE_FILE" });
    expect(settings.licenseFileKey).toMatchObject({ from: "env LICENSECTL_LICENSE_FILE_KEY" });
    expect(result.stdout + result.stderr).not.toContain(FILE_KEY);
    // As env lines, the file is reproduced by its path and key, not copied out of it.
    const env = await runCli(["config", "show", "-o", "env"], { env: fileEnv(path) });
    expect(env.stdout).toContain(`LICENSECTL_LICENSE_FILE='${path}'\n`);
    expect(env.stdout).not.toContain("LICENSECTL_HARDWARE_ID");
    expect(env.stdout).not.toContain("LICENSECTL_PRODUCT");
    expect(env.stderr).toContain("LICENSECTL_LICENSE_FILE_KEY");
    expect(env.stdout + env.stderr).not.toContain(FILE_KEY);
  });

  it("names the file in --debug, and the hardware ID's source", async () => {
    const path = appFile();
    const result = await runCli(["vars", "list", "--debug"], { env: fileEnv(path) });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`debug: license file: ${path} (product "demo" of "demo")\n`);
    expect(result.stderr).toContain(
      `debug: hardware ID: ${APP_HWID} (license file ${path} (product "demo"))\n`,
    );
    expect(result.stderr).not.toContain(FILE_KEY);
  });

  it("explains the file's hardware ID with device id --explain: read verbatim, and what this machine derives", async () => {
    const path = appFile();
    const result = await runCli(["device", "id", "--explain"], { env: fileEnv(path) });
    expect(result.code).toBe(0);
    const derived = (await deriveHardwareId("licensespring")).value;
    expect(result.stdout).toContain(
      `hardware ID   ${APP_HWID}\n` +
        `source        license file ${path} (product "demo")\n` +
        "derived       no: read from the app's license file, sent verbatim\n" +
        `this machine  licensespring: ${derived} (differs)\n`,
    );
    expect(result.stdout).toMatch(
      /\nthe app {7}no rule licensectl knows gives it here: the app passes its own hardwareID/,
    );
    const json = JSON.parse((await runCli(["device", "id", "--json"], { env: fileEnv(path) })).stdout);
    expect(json).toMatchObject({
      hardware_id: APP_HWID,
      source: { type: "license-file", file: path, product: PRODUCT },
      derivation: null,
      this_machine: {
        matches: null,
        derived: expect.arrayContaining([{ method: "licensespring", id: derived }]),
      },
    });
    // Plain `device id` prints the ID alone: the comparison (a shell for node-machine-id) is not run.
    expect(await runCli(["device", "id"], { env: fileEnv(path) })).toMatchObject({
      code: 0,
      stdout: `${APP_HWID}\n`,
      stderr: "",
    });
  });

  it("doctor compares the file's hardware ID with what licensectl derives, and names the app's choice", async () => {
    const custom = await runCli(["doctor", "--json"], { env: fileEnv(appFile()) });
    expect(custom.code).toBe(0);
    const checks = (
      JSON.parse(custom.stdout) as { checks: Array<{ name: string; status: string; detail: string }> }
    ).checks;
    expect(checks.map((c) => c.name).slice(0, 5)).toEqual([
      "config",
      "credentials",
      "product and license",
      "hardware ID",
      "license file",
    ]);
    expect(checks.every((c) => c.status === "ok")).toBe(true);
    const check = checks.find((c) => c.name === "license file");
    expect(check?.detail).toContain(`MyApp.key, product "demo" of 1: hardware ID ${APP_HWID} (sent as read)`);
    expect(check?.detail).toContain("the app passes its own hardwareID, or uses hardwareIDMethod 5");
    expect(checks.find((c) => c.name === "product and license")?.detail).toContain(`(license file `);

    const derived = (await deriveHardwareId("licensespring")).value;
    const same = await runCli(["doctor", "--json"], {
      env: fileEnv(appFile({ hardwareId: derived })),
    });
    const sameCheck = (
      JSON.parse(same.stdout) as { checks: Array<{ name: string; detail: string }> }
    ).checks.find((c) => c.name === "license file");
    expect(sameCheck?.detail).toContain("the same as licensectl derives here: the app uses the SDK's");
  });
});

describe("a license file licensectl cannot use is refused, clearly and safely (exit 3)", () => {
  it("names a wrong key without printing either key, and leaves the file as it was", async () => {
    const path = appFile();
    const before = { text: readFileSync(path, "utf8"), mtime: statSync(path).mtimeMs };
    const result = await runRecorded(emulator, ["vars", "list", "--json"], {
      env: fileEnv(path, { LICENSECTL_LICENSE_FILE_KEY: "a-wrong-file-key-771" }),
    });
    expect(result.code).toBe(3);
    expect(result.requests).toEqual([]);
    expect(errorOf(result.stderr)).toMatchObject({ code: "license_file_wrong_key" });
    expect(result.stderr).not.toContain("a-wrong-file-key-771");
    expect(result.stderr).not.toContain(FILE_KEY);
    expect({ text: readFileSync(path, "utf8"), mtime: statSync(path).mtimeMs }).toEqual(before);
  });

  it("tells a file that is not a license file, and one missing a field", async () => {
    const dir = tempHome();
    const notes = join(dir, "notes.key");
    writeFileSync(notes, "just some notes\n");
    const wrongFile = await runCli(["vars", "list", "--json"], { env: fileEnv(notes) });
    expect(wrongFile.code).toBe(3);
    expect(errorOf(wrongFile.stderr)).toMatchObject({ code: "license_file_not_license" });
    const incomplete = await runCli(["vars", "list", "--json"], {
      env: fileEnv(appFile({ hardwareId: "" })),
    });
    expect(incomplete.code).toBe(3);
    expect(errorOf(incomplete.stderr)).toMatchObject({ code: "license_file_missing_field" });
    expect(String(errorOf(incomplete.stderr).message)).toContain('the license has no "hardware_id"');
  });

  it("refuses the key from a project config file, which anyone with write access there may have written", async () => {
    const project = tempHome();
    writeFileSync(
      join(project, ".licensectlrc.json"),
      JSON.stringify({ licenseFileKey: "project-planted-key" }),
    );
    const result = await runCli(["vars", "list", "--json"], {
      cwd: project,
      env: fileEnv(appFile(), { LICENSECTL_LICENSE_FILE_KEY: "" }),
    });
    expect(result.code).toBe(3);
    expect(errorOf(result.stderr)).toMatchObject({ code: "setting_not_in_project" });
    expect(result.stderr).not.toContain("project-planted-key");
  });

  it("takes the key from the user config", async () => {
    const home = tempHome();
    mkdirSync(join(home, ".config", "licensectl"));
    writeFileSync(
      join(home, ".config", "licensectl", "config.json"),
      JSON.stringify({ licenseFileKey: FILE_KEY }),
      {
        mode: 0o600,
      },
    );
    const path = appFile();
    const result = await runRecorded(emulator, ["vars", "list"], {
      env: fileEnv(path, {
        LICENSECTL_LICENSE_FILE_KEY: "",
        HOME: home,
        XDG_CONFIG_HOME: join(home, ".config"),
      }),
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.requests[0]?.query).toMatchObject({ hardware_id: APP_HWID });
  });
});
