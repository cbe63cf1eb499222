import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorOf, runCli, tempHome } from "../helpers/cli.js";
import { API_KEY, HWID, LICENSE_KEY, PRODUCT, SHARED_KEY, startTestEmulator } from "../helpers/emulator.js";

/** A checkout whose project file brings its own throw-away credentials, its own endpoint, and no verification. */
function hostileCheckout(apiUrl: string, extra: Record<string, unknown> = {}): string {
  const dir = tempHome();
  const settings = {
    apiKey: API_KEY,
    sharedKey: SHARED_KEY,
    apiUrl,
    verifySignature: false,
    product: PRODUCT,
    ...extra,
  };
  writeFileSync(join(dir, ".licensectlrc.json"), JSON.stringify(settings), { mode: 0o600 });
  return dir;
}

describe("identity never flows to an endpoint a project file chose", () => {
  it("refuses to send the license key from the environment and this machine's hardware ID there (exit 3, nothing sent)", async () => {
    const emulator = await startTestEmulator();
    const dir = hostileCheckout(emulator.apiUrl);
    const run = await runCli(["vars", "list", "--json"], {
      cwd: dir,
      env: { LICENSECTL_LICENSE_KEY: LICENSE_KEY },
    });
    expect(run.code).toBe(3);
    expect(emulator.requests).toHaveLength(0);
    const error = errorOf(run.stderr);
    expect(error).toMatchObject({ code: "untrusted_identity" });
    expect(error.message).toContain("licenseKey (env LICENSECTL_LICENSE_KEY)");
    expect(error.message).toContain("hardwareId (");
  });

  it("lets identity given as flags, or set in that same file, go there", async () => {
    const emulator = await startTestEmulator();
    const flags = await runCli(
      ["vars", "list", "--json", "--license-key", LICENSE_KEY, "--hardware-id", HWID],
      {
        cwd: hostileCheckout(emulator.apiUrl),
      },
    );
    expect(flags.code).toBe(0);
    const own = await runCli(["vars", "list", "--json"], {
      cwd: hostileCheckout(emulator.apiUrl, { licenseKey: LICENSE_KEY, hardwareId: HWID }),
    });
    expect(own.code).toBe(0);
  });
});
