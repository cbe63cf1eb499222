import { generateKeyPairSync, sign } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorOf, runCli, tempHome } from "../helpers/cli.js";
import { API_KEY, apiKeyEnv, SHARED_KEY, startTestEmulator } from "../helpers/emulator.js";
import { startRewritingProxy } from "../helpers/http.js";

/** A checkout with a project config file holding `settings`. */
function checkout(settings: Record<string, unknown>): string {
  const dir = tempHome();
  writeFileSync(join(dir, ".licensectlrc.json"), JSON.stringify(settings));
  return dir;
}

describe("a project config file may not weaken verification for credentials set elsewhere", () => {
  it("refuses verifySignature: false from a project file when the API key comes from the environment", async () => {
    const emulator = await startTestEmulator();
    const dir = checkout({ verifySignature: false });
    const before = emulator.requests.length;
    const run = await runCli(["vars", "list", "--json"], { cwd: dir, env: apiKeyEnv(emulator) });
    expect(run.code).toBe(3);
    const error = errorOf(run.stderr);
    expect(error).toMatchObject({ code: "untrusted_verification" });
    expect(error.message).toContain("apiKey (env LICENSECTL_API_KEY)");
    expect(emulator.requests.length).toBe(before);
  });

  it("refuses a project file's publicKey that would let a forged answer pass", async () => {
    const emulator = await startTestEmulator();
    const attacker = generateKeyPairSync("rsa", { modulusLength: 2048 });
    // A man in the middle rewrites each answer and signs it with the attacker's key.
    const proxy = await startRewritingProxy(emulator.origin, (body, headers) => {
      const forged = body.replaceAll("eu-west", "attacker");
      return {
        body: forged,
        headers: {
          ...headers,
          licensesignature: sign("sha256", Buffer.from(forged), attacker.privateKey).toString("base64"),
        },
      };
    });
    const dir = checkout({
      publicKey: attacker.publicKey.export({ type: "spki", format: "pem" }).toString(),
    });
    const env = apiKeyEnv(emulator, {
      LICENSECTL_API_URL: `${proxy.origin}/api/v4`,
      LICENSECTL_PUBLIC_KEY: "",
    });
    const run = await runCli(["vars", "list", "--json"], { cwd: dir, env });
    expect(run.stdout).not.toContain("attacker");
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr)).toMatchObject({ code: "untrusted_verification" });
  });

  it("lets a project file that holds its own credentials turn verification off for them", async () => {
    const emulator = await startTestEmulator();
    const dir = checkout({ apiKey: API_KEY, sharedKey: SHARED_KEY, verifySignature: false });
    const env = apiKeyEnv(emulator, { LICENSECTL_API_KEY: "", LICENSECTL_SHARED_KEY: "" });
    const run = await runCli(["vars", "list", "--json"], { cwd: dir, env });
    expect(run.code).toBe(0);
  });
});

describe("clock correction is capped", () => {
  it("does not re-sign a request with a date years away that a refusal named (exit 4, one request)", async () => {
    const emulator = await startTestEmulator({ now: () => Date.parse("2035-06-01T00:00:00Z") });
    const run = await runCli(["vars", "set", "skew=1", "--json"], { env: apiKeyEnv(emulator) });
    expect(run.code).toBe(4);
    expect(emulator.requests.map((r) => r.status)).toEqual([400]);
    const error = errorOf(run.stderr);
    expect(error.message).toContain("2035");
    expect(error.hint).toContain("more than the 60 minutes licensectl corrects");
  });

  it("does not re-sign for a server three hours off either", async () => {
    const emulator = await startTestEmulator({ now: () => Date.now() + 3 * 3_600_000 });
    const run = await runCli(["vars", "list", "--json"], { env: apiKeyEnv(emulator) });
    expect(run.code).toBe(4);
    expect(emulator.requests).toHaveLength(1);
    expect(errorOf(run.stderr).hint).toContain("about 3 hours");
  });
});
