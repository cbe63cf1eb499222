import { describe, expect, it } from "vitest";
import type { ConfigDiscovery, ConfigFile } from "../../src/config/files.js";
import { resolveSettings } from "../../src/config/resolve.js";
import { describeSource } from "../../src/config/source.js";
import { thrownBy } from "../helpers/errors.js";

const userFile = (data: Record<string, unknown>): ConfigFile => ({
  path: "/home/u/.config/licensectl/config.json",
  scope: "user",
  data,
});
const projectFile = (data: Record<string, unknown>): ConfigFile => ({
  path: "/work/app/.licensectlrc",
  scope: "project",
  data,
});
const discovery = (...files: ConfigFile[]): ConfigDiscovery => ({ searched: [], files });

describe("resolveSettings precedence", () => {
  const files = discovery(
    userFile({ product: "user", licenseKey: "user-key", profiles: { p: { product: "profile-user" } } }),
    projectFile({ product: "project", profiles: { p: { product: "profile-project", username: "x@y" } } }),
  );

  it("uses the default when nothing else is set", () => {
    const { settings } = resolveSettings({ flags: {}, env: {}, discovery: discovery() });
    expect(settings.apiUrl).toEqual({
      value: "https://api.licensespring.com/api/v4",
      source: { type: "default" },
    });
    expect(settings.timeout?.value).toBe(30000);
    expect(settings.verifySignature?.value).toBe(true);
  });

  it("lets the project file beat the user file, key by key", () => {
    const { settings } = resolveSettings({ flags: {}, env: {}, discovery: files });
    expect(settings.product && describeSource(settings.product.source)).toBe(
      "project config /work/app/.licensectlrc",
    );
    expect(settings.product?.value).toBe("project");
    expect(settings.licenseKey?.value).toBe("user-key");
  });

  it("lets the selected profile beat both files, the project's profile winning", () => {
    const { settings, profile } = resolveSettings({ flags: {}, env: {}, discovery: files, profileFlag: "p" });
    expect(profile?.value).toBe("p");
    expect(settings.product?.value).toBe("profile-project");
    expect(settings.product?.source).toEqual({
      type: "profile",
      profile: "p",
      file: "/work/app/.licensectlrc",
      scope: "project",
    });
  });

  it("lets the environment beat the profile", () => {
    const { settings } = resolveSettings({
      flags: {},
      env: { LICENSECTL_PRODUCT: "env", LICENSECTL_PROFILE: "p" },
      discovery: files,
    });
    expect(settings.product).toEqual({ value: "env", source: { type: "env", name: "LICENSECTL_PRODUCT" } });
  });

  it("lets a flag beat the environment", () => {
    const { settings } = resolveSettings({
      flags: { product: "flag", timeout: "1500", verifySignature: false },
      env: { LICENSECTL_PRODUCT: "env", LICENSECTL_TIMEOUT: "9" },
      discovery: files,
    });
    expect(settings.product).toEqual({ value: "flag", source: { type: "flag", name: "--product" } });
    expect(settings.timeout?.value).toBe(1500);
    expect(settings.verifySignature).toEqual({
      value: false,
      source: { type: "flag", name: "--no-verify-signature" },
    });
  });

  it("ignores empty environment variables", () => {
    const { settings } = resolveSettings({ flags: {}, env: { LICENSECTL_PRODUCT: "" }, discovery: files });
    expect(settings.product?.value).toBe("project");
  });

  it("parses typed environment values", () => {
    const { settings } = resolveSettings({
      flags: {},
      env: { LICENSECTL_VERIFY_SIGNATURE: "false", LICENSECTL_LICENSE_ID: "42" },
      discovery: discovery(),
    });
    expect(settings.verifySignature?.value).toBe(false);
    expect(settings.licenseId?.value).toBe(42);
  });
});

describe("resolveSettings validation", () => {
  it("names the file and key of a wrongly typed value", () => {
    const error = thrownBy(() =>
      resolveSettings({ flags: {}, env: {}, discovery: discovery(projectFile({ timeout: "soon" })) }),
    );
    expect(error.kind).toBe("config");
    expect(error.message).toContain("/work/app/.licensectlrc");
    expect(error.message).toContain('"timeout"');
  });

  it("never echoes a secret's value in a type error", () => {
    const error = thrownBy(() =>
      resolveSettings({ flags: {}, env: {}, discovery: discovery(projectFile({ sharedKey: 123456789 })) }),
    );
    expect(error.message).toContain('"sharedKey"');
    expect(error.message).not.toContain("123456789");
  });

  it("names the environment variable of a bad value", () => {
    const error = thrownBy(() =>
      resolveSettings({ flags: {}, env: { LICENSECTL_VERIFY_SIGNATURE: "maybe" }, discovery: discovery() }),
    );
    expect(error.message).toContain("LICENSECTL_VERIFY_SIGNATURE");
  });

  it.each(["abc", "0", "-5", "1.5"])("refuses --timeout %s", (value) => {
    const error = thrownBy(() =>
      resolveSettings({ flags: { timeout: value }, env: {}, discovery: discovery() }),
    );
    expect(error.message).toContain("--timeout");
  });

  it.each([
    ["apiUrl", "http://api.example.com/api/v4"],
    ["tokenUrl", "http://auth.example.com/token"],
    ["managementUrl", "http://192.168.1.10/api/v1"],
  ])(
    "refuses a plain-http %s on a host that is not loopback, naming the file and the https:// fix",
    (key, url) => {
      const error = thrownBy(() =>
        resolveSettings({ flags: {}, env: {}, discovery: discovery(projectFile({ [key]: url })) }),
      );
      expect(error).toMatchObject({ kind: "config", code: "insecure_url" });
      expect(error.message).toContain(`/work/app/.licensectlrc: "${key}" must use https://`);
      expect(error.hint).toContain(url.replace("http:", "https:"));
    },
  );

  it.each(["http://127.0.0.1:8787/api/v4", "http://127.9.9.9/x", "http://localhost:1/x", "http://[::1]:2/x"])(
    "accepts plain http for the loopback URL %s",
    (url) => {
      const { settings } = resolveSettings({ flags: { apiUrl: url }, env: {}, discovery: discovery() });
      expect(settings.apiUrl?.value).toBe(url);
    },
  );

  it("refuses an apiUrl that is not a URL", () => {
    const error = thrownBy(() =>
      resolveSettings({ flags: {}, env: { LICENSECTL_API_URL: "api.example.com" }, discovery: discovery() }),
    );
    expect(error.message).toContain("not a valid URL");
  });

  it("warns about an unknown key, suggesting the likely one", () => {
    const { warnings } = resolveSettings({
      flags: {},
      env: {},
      discovery: discovery(projectFile({ prodcut: "x", profiles: { p: { licenceKey: "k" } } })),
      profileFlag: "p",
    });
    expect(warnings).toEqual([
      'unknown key "prodcut" in /work/app/.licensectlrc (did you mean "product"?); it is ignored.',
      'unknown key "licenceKey" in /work/app/.licensectlrc (profile "p") (did you mean "licenseKey"?); it is ignored.',
    ]);
  });

  it("refuses a profile that no file defines, listing the defined ones", () => {
    const error = thrownBy(() =>
      resolveSettings({
        flags: {},
        env: { LICENSECTL_PROFILE: "staging" },
        discovery: discovery(projectFile({ profiles: { prod: {}, dev: {} } })),
      }),
    );
    expect(error.code).toBe("unknown_profile");
    expect(error.message).toContain("env LICENSECTL_PROFILE");
    expect(error.hint).toBe("Defined profiles: prod, dev.");
  });
});
