import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ResolvedSettings } from "../../src/config/resolve.js";
import { isCliError } from "../../src/core/cli-error.js";
import { applyLicenseFile } from "../../src/license-file/apply-license-file.js";
import {
  cipherKey,
  decryptLicenseFile,
  parseLicenseFile,
} from "../../src/license-file/license-file-format.js";
import { tempHome } from "../helpers/cli.js";
import { keyActivation, userActivation, writeSdkLicenseFile } from "../helpers/sdk-license-file.js";

const FILE_KEY = "app-secret-file-key-9f2e";
const CUSTOM_HWID = "app-chosen-id:not-any-rule/0042";
const label = (path: string) => ({ path, keySource: "env LICENSECTL_LICENSE_FILE_KEY" });
const read = (path: string, key = FILE_KEY) =>
  parseLicenseFile(decryptLicenseFile(readFileSync(path, "utf8"), key, label(path)), label(path));
const env = (name: string) => ({ type: "env", name }) as const;
const flag = (name: string) => ({ type: "flag", name }) as const;
const options = () => ({ cwd: "/", uid: process.getuid?.() });

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isCliError(error)) return `${error.exitCode} ${error.code}: ${error.message} | ${error.hint}`;
    throw error;
  }
  throw new Error("expected a failure");
}

describe("the SDK's license file, read without the SDK", () => {
  it("uses an SDK that loads no HTTP client and no native hardware-ID library to write its files", () => {
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) =>
      p.includes("node_modules"),
    );
    expect(loaded.some((p) => p.includes("@licensespring/node-sdk/dist/src/license-file.js"))).toBe(true);
    expect(
      loaded.filter((p) => /\/(axios|koffi|https-proxy-agent)\/|node-sdk\/dist\/(hwid|src\/api\.js)/.test(p)),
    ).toEqual([]);
  });

  it("reads a key-based license the SDK wrote: product, key, license ID and the app's own hardware ID", () => {
    const dir = tempHome();
    const path = writeSdkLicenseFile({
      filePath: join(dir, "app-data"),
      fileKey: FILE_KEY,
      product: "demo",
      hardwareId: CUSTOM_HWID,
      license: keyActivation(1001, "TEST-AAAA-BBBB-CCCC"),
    });
    expect(path).toBe(join(dir, "app-data", "License.key"));
    expect(read(path)).toEqual([
      {
        product: "demo",
        license: { kind: "licenseKey", value: "TEST-AAAA-BBBB-CCCC" },
        licenseId: 1001,
        hardwareId: CUSTOM_HWID,
      },
    ]);
  });

  it("reads a user-based license by its user's e-mail, under a filename the app chose", () => {
    const dir = tempHome();
    const path = writeSdkLicenseFile({
      filePath: dir,
      filename: "MyApp",
      fileKey: FILE_KEY,
      product: "demo",
      hardwareId: "hw-user",
      license: userActivation(1002, "ci+tester@example.com"),
    });
    expect(path.endsWith("MyApp.key")).toBe(true);
    expect(read(path)[0]).toMatchObject({
      license: { kind: "username", value: "ci+tester@example.com" },
      licenseId: 1002,
    });
  });

  it("reads every product of a file the SDK wrote for several", () => {
    const dir = tempHome();
    for (const [product, id] of [
      ["alpha", 1],
      ["beta", 2],
    ] as const) {
      writeSdkLicenseFile({
        filePath: dir,
        fileKey: FILE_KEY,
        product,
        hardwareId: `hw-${product}`,
        license: keyActivation(id, `KEY-${product}`),
      });
    }
    expect(read(join(dir, "License.key")).map((e) => [e.product, e.licenseId, e.hardwareId])).toEqual([
      ["alpha", 1, "hw-alpha"],
      ["beta", 2, "hw-beta"],
    ]);
  });

  it("derives the SDK's cipher key: the first 32 characters of Base64(SHA-256(fileKey))", () => {
    expect(cipherKey("abc").toString("utf8")).toBe("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qc");
    expect(cipherKey("abc")).toHaveLength(32);
  });

  it("tells a wrong key from a file that is not a license file, never naming the key", () => {
    const dir = tempHome();
    const path = writeSdkLicenseFile({
      filePath: dir,
      fileKey: FILE_KEY,
      product: "demo",
      hardwareId: "hw",
      license: keyActivation(1, "K"),
    });
    const wrong = codeOf(() => read(path, "not-the-app-key"));
    expect(wrong).toMatch(/^3 license_file_wrong_key: .* could not be decrypted with licenseFileKey/);
    expect(wrong).not.toContain("not-the-app-key");
    const plain = join(dir, "notes.key");
    writeFileSync(plain, "hello, this is not a license\n");
    expect(codeOf(() => read(plain))).toMatch(
      /^3 license_file_not_license: .* is not the SDK's encrypted text/,
    );
  });

  it("names a missing field, and the product it is missing from", () => {
    const dir = tempHome();
    const path = writeSdkLicenseFile({
      filePath: dir,
      fileKey: FILE_KEY,
      product: "demo",
      hardwareId: "",
      license: keyActivation(1, "K"),
    });
    expect(codeOf(() => read(path))).toMatch(
      /^3 license_file_missing_field: .*License\.key, product "demo": the license has no "hardware_id"/,
    );
    const keyless = writeSdkLicenseFile({
      filePath: join(dir, "b"),
      fileKey: FILE_KEY,
      product: "demo",
      hardwareId: "hw",
      license: { id: 5 },
    });
    expect(codeOf(() => read(keyless))).toContain('has no "license_key (or user.email)"');
  });
});

describe("applyLicenseFile: the file's values laid over the settings", () => {
  function sdkFile(products: readonly string[]): string {
    const dir = tempHome();
    for (const [i, product] of products.entries()) {
      writeSdkLicenseFile({
        filePath: dir,
        fileKey: FILE_KEY,
        product,
        hardwareId: `${CUSTOM_HWID}-${product}`,
        license: keyActivation(100 + i, `KEY-${product}`),
      });
    }
    return join(dir, "License.key");
  }
  const base = (path: string, more: ResolvedSettings = {}): ResolvedSettings => ({
    licenseFile: { value: path, source: env("LICENSECTL_LICENSE_FILE") },
    licenseFileKey: { value: FILE_KEY, source: env("LICENSECTL_LICENSE_FILE_KEY") },
    ...more,
  });

  it("takes product, license, license ID and hardware ID from a one-product file, over env and config", () => {
    const path = sdkFile(["demo"]);
    const { settings, use } = applyLicenseFile(
      base(path, {
        licenseKey: { value: "ENV-KEY", source: env("LICENSECTL_LICENSE_KEY") },
        username: { value: "someone@example.com", source: env("LICENSECTL_USERNAME") },
        hardwareId: { value: "hw-env", source: env("LICENSECTL_HARDWARE_ID") },
      }),
      options(),
    );
    const source = { type: "license-file", file: path, product: "demo" };
    expect(settings.product).toEqual({ value: "demo", source });
    expect(settings.licenseKey).toEqual({ value: "KEY-demo", source });
    expect(settings.username).toBeUndefined();
    expect(settings.licenseId).toEqual({ value: 100, source });
    expect(settings.hardwareId).toEqual({ value: `${CUSTOM_HWID}-demo`, source });
    expect(use?.overridden).toEqual([]);
    expect(use?.replaced).toHaveLength(3);
  });

  it("lets a flag win, says so, and drops the file's license ID with its license", () => {
    const path = sdkFile(["demo"]);
    const { settings, use } = applyLicenseFile(
      base(path, {
        hardwareId: { value: "hw-flag", source: flag("--hardware-id") },
        username: { value: "u@example.com", source: flag("--username") },
      }),
      options(),
    );
    expect(settings.hardwareId?.value).toBe("hw-flag");
    expect(settings.username?.value).toBe("u@example.com");
    expect(settings.licenseKey).toBeUndefined();
    expect(settings.licenseId).toBeUndefined();
    expect(use?.overridden).toEqual([
      '--username (flag) wins over the license file\'s license key "KEY-demo" and its license ID.',
      `--hardware-id (flag) wins over the license file's hardware ID "${CUSTOM_HWID}-demo".`,
    ]);
  });

  it("takes a flag naming the file's own license as agreement: the license ID stays, nothing is overridden", () => {
    const path = sdkFile(["demo"]);
    const { settings, use } = applyLicenseFile(
      base(path, { licenseKey: { value: "KEY-demo", source: flag("--license-key") } }),
      options(),
    );
    expect(settings.licenseKey?.source).toEqual(flag("--license-key"));
    expect(settings.licenseId?.value).toBe(100);
    expect(use?.overridden).toEqual([]);
  });

  it("picks the configured product from a file of several; without one it lists them (exit 3)", () => {
    const path = sdkFile(["alpha", "beta"]);
    const picked = applyLicenseFile(
      base(path, { product: { value: "beta", source: env("LICENSECTL_PRODUCT") } }),
      options(),
    );
    expect(picked.settings.product).toEqual({ value: "beta", source: env("LICENSECTL_PRODUCT") });
    expect(picked.settings.hardwareId?.value).toBe(`${CUSTOM_HWID}-beta`);
    expect(codeOf(() => applyLicenseFile(base(path), options()))).toMatch(
      /^3 license_file_several_products: .* holds licenses of several products: "alpha", "beta"/,
    );
    expect(
      codeOf(() =>
        applyLicenseFile(base(path, { product: { value: "gamma", source: flag("--product") } }), options()),
      ),
    ).toMatch(
      /^3 license_file_no_product: .* no license of product "gamma" \(flag --product\); it holds: "alpha", "beta"/,
    );
  });

  it("judges the file before reading it: missing, a directory, writable by others, a link to one", () => {
    const path = sdkFile(["demo"]);
    const dir = tempHome();
    expect(codeOf(() => applyLicenseFile(base(join(dir, "none.key")), options()))).toMatch(
      /^3 license_file_missing: .* does not exist\. \| .*licensectl never creates it/,
    );
    mkdirSync(join(dir, "License.key"));
    expect(codeOf(() => applyLicenseFile(base(join(dir, "License.key")), options()))).toMatch(
      /^3 license_file_refused: .* it is a directory/,
    );
    if (process.getuid) {
      chmodSync(path, 0o666);
      const link = join(dir, "link.key");
      symlinkSync(path, link);
      expect(codeOf(() => applyLicenseFile(base(link), options()))).toMatch(
        /^3 license_file_refused: .* group or others may write to it \(mode 0666\)/,
      );
    }
    expect(statSync(join(dir, "License.key")).isDirectory()).toBe(true);
  });

  it("asks for the key when only the file is set", () => {
    const path = sdkFile(["demo"]);
    const { licenseFileKey: _, ...settings } = base(path);
    expect(codeOf(() => applyLicenseFile(settings, options()))).toMatch(
      /^3 license_file_key_missing: .* \| Set LICENSECTL_LICENSE_FILE_KEY, or licenseFileKey in your user config/,
    );
  });
});

describe("hostile license files", () => {
  it("refuses JSON nested deeper than any license, encrypted with the right key, as not a license file", async () => {
    const { createCipheriv, randomBytes } = await import("node:crypto");
    const iv = randomBytes(16);
    const cipher = createCipheriv("aes-256-cbc", cipherKey(FILE_KEY), iv);
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const text =
      iv.toString("base64") + Buffer.concat([cipher.update(deep), cipher.final()]).toString("base64");
    const path = join(tempHome(), "deep.key");
    writeFileSync(path, text);
    expect(codeOf(() => read(path))).toMatch(/^3 license_file_not_license: .* nests deeper than any license/);
  });
});
