import { spawnSync } from "node:child_process";
import { chownSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorOf, spawnCli, tempHome } from "../helpers/cli.js";
import { testSeed } from "../helpers/emulator.js";
import { runWithin } from "./bounded-run.js";

const emulator = (args: string[], cwd: string) =>
  runWithin(["emulator", "--port", "0", "--json", ...args], { cwd }, 4_000);

describe("the emulator judges its own input files before reading them", () => {
  it("refuses a --seed FIFO at once instead of hanging (exit 3)", async () => {
    const dir = tempHome();
    const fifo = join(dir, "seed.json");
    spawnSync("mkfifo", [fifo]);
    const run = await emulator(["--seed", fifo], dir);
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr).message).toContain("named pipe");
  });

  it("refuses --seed /dev/zero at once instead of reading it for ever (exit 3)", async () => {
    const run = await emulator(["--seed", "/dev/zero"], tempHome());
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr).message).toContain("device");
  });

  it("refuses a seed file larger than it reads, without reading it (exit 3)", async () => {
    const dir = tempHome();
    const big = join(dir, "big.json");
    spawnSync("truncate", ["-s", "65M", big]);
    const run = await emulator(["--seed", big], dir);
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr).message).toContain("larger than");
  });

  it.runIf(process.getuid?.() === 0)(
    "refuses a --data file owned by another user (it holds every credential and the signing key)",
    async () => {
      const dir = tempHome();
      const data = join(dir, "state.json");
      writeFileSync(data, JSON.stringify(testSeed()), { mode: 0o600 });
      chownSync(data, 12345, 12345);
      const run = await emulator(["--data", data], dir);
      expect(run.code).toBe(3);
      expect(errorOf(run.stderr).message).toContain("owned by uid 12345");
    },
  );

  it("refuses a --data file others may write to (exit 3)", async () => {
    const dir = tempHome();
    const data = join(dir, "state.json");
    writeFileSync(data, JSON.stringify(testSeed()));
    spawnSync("chmod", ["666", data]);
    const run = await emulator(["--data", data], dir);
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr).message).toContain("mode 0666");
  });
});

describe("emulator --write-config X never replaces X.public-key.pem without --force", () => {
  it("refuses (exit 2) and leaves the key file as it was", async () => {
    const dir = tempHome();
    const pem = join(dir, "emulator.public-key.pem");
    writeFileSync(pem, "a key someone relies on\n");
    const run = await emulator(["--write-config", join(dir, "emulator.json")], dir);
    expect(run.code).toBe(2);
    expect(errorOf(run.stderr)).toMatchObject({ code: "file_exists" });
    expect(errorOf(run.stderr).message).toContain(pem);
    expect(readFileSync(pem, "utf8")).toBe("a key someone relies on\n");
  });
});

describe("the emulator banner escapes what its seed file says", () => {
  it("shows a seed's management key, OAuth client and license key escaped", async () => {
    const dir = tempHome();
    const seed = testSeed();
    const evil = "\u001b]0;owned\u0007\u001b[2J\u202e";
    seed.managementApiKeys = [`mgmt${evil}`];
    seed.oauthClients = [{ clientId: `client${evil}`, clientSecret: `secret${evil}` }];
    const first = seed.licenses[0];
    if (first) first.licenseKey = `KEY${evil}`;
    const file = join(dir, "seed.json");
    writeFileSync(file, JSON.stringify(seed));
    const { child, result } = spawnCli(["emulator", "--port", "0", "--seed", file], {
      cwd: dir,
      env: { HOME: dir },
    });
    let out = "";
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("Press Ctrl+C")) resolve();
      });
      child.on("close", () => resolve());
    });
    child.kill("SIGINT");
    await result;
    expect(out).toContain("Press Ctrl+C");
    expect(out).not.toContain("\u001b");
    expect(out).not.toContain("\u202e");
    expect(out).toContain("\\e]0;owned");
  });
});
