import { describe, expect, it } from "vitest";
import { runCli, tempHome } from "../helpers/cli.js";
import { keyActivation, writeSdkLicenseFile } from "../helpers/sdk-license-file.js";

/** Terminal control: CSI (colour, cursor), OSC (title, hyperlink), a bare carriage return. */
const HOSTILE = "hw\u001b[31mRED\u001b]0;owned\u0007\rX";
const FILE_KEY = "hostile-test-file-key-31";

describe("a license file's text is foreign text: escaped before a terminal sees it", () => {
  it("escapes a hostile hardware ID, product and license key in device id --explain, config show and errors", async () => {
    const dir = tempHome();
    const path = writeSdkLicenseFile({
      filePath: dir,
      fileKey: FILE_KEY,
      product: "demo\u001b[2J",
      hardwareId: HOSTILE,
      license: keyActivation(1, "KEY\u001b[1A"),
    });
    const env = { LICENSECTL_LICENSE_FILE: path, LICENSECTL_LICENSE_FILE_KEY: FILE_KEY };
    const explain = await runCli(["device", "id", "--explain"], { env });
    expect(explain.code).toBe(0);
    const show = await runCli(["config", "show"], { env });
    expect(show.code).toBe(0);
    const missing = await runCli(["vars", "list"], { env: { ...env, LICENSECTL_PRODUCT: "other" } });
    expect(missing.code).toBe(3);
    for (const run of [explain, show, missing]) {
      for (const control of ["\u001b", "\u0007", "\r"])
        expect(run.stdout + run.stderr).not.toContain(control);
    }
    expect(explain.stdout).toContain("hw\\e[31mRED");
  });
});
