import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BLACKLISTED_DEVICE_ID, OTHER_DEVICE_ID } from "../../src/emulator/seed.js";
import { runCli, type StartedCli, startCli, tempHome } from "../helpers/cli.js";
import { hasScript } from "../helpers/terminal.js";

const children: ChildProcess[] = [];
const inProcess: StartedCli[] = [];
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const run of inProcess.splice(0)) {
    run.interrupt();
    await run.result;
  }
});

/** `licensectl emulator …` in this process, as runCli runs the CLI, until its banner has been printed whole. */
async function startEmulator(args: string[], cwd: string) {
  const run = startCli(["emulator", "--port", "0", ...args], {
    cwd,
    env: { HOME: cwd, XDG_CONFIG_HOME: undefined },
  });
  inProcess.push(run);
  await run.printed(args.includes("--json") ? "\n" : "Press Ctrl+C");
  return run.stdout();
}

describe("the emulator's banner", () => {
  it("lists every seeded license and every device by hardware ID, and where the public key is", async () => {
    const home = tempHome();
    const banner = await startEmulator(["--write-config", "emulator.json"], home);
    for (const id of ["1001", "1002", "1003", "1004"])
      expect(banner).toMatch(new RegExp(`^ {2}${id} {2}product "demo"`, "m"));
    expect(banner).toContain(`device ${OTHER_DEVICE_ID}  (2 variables)`);
    expect(banner).toContain(`device ${BLACKLISTED_DEVICE_ID}  (blacklisted, 0 variables)`);
    expect(banner).toContain("license key DEMO-DISABLED-0000  (disabled)");
    const keyFile = join(home, "emulator.public-key.pem");
    expect(banner).toContain(`Public key   ${keyFile}`);
    const served = (await (
      await fetch(`${/License API {2}(\S+)/.exec(banner)?.[1]}/.well-known`)
    ).json()) as {
      pub_key: string;
    };
    expect(readFileSync(keyFile, "utf8")).toBe(served.pub_key);
  });

  it("gives the same in --json: every license with its devices, and the key file", async () => {
    const home = tempHome();
    const announced = JSON.parse(await startEmulator(["--json", "--write-config", "e.json"], home)) as {
      licenses: Array<{ id: number; devices: Array<{ hardwareId: string }> }>;
      publicKeyFile: string;
    };
    expect(announced.licenses.map((l) => l.id)).toEqual([1001, 1002, 1003, 1004]);
    expect(announced.licenses[0]?.devices.map((d) => d.hardwareId)).toContain(BLACKLISTED_DEVICE_ID);
    expect(announced.publicKeyFile).toBe(join(home, "e.public-key.pem"));
  });
});

describe("config init for an endpoint that is not LicenseSpring's", () => {
  it("takes the public key the endpoint serves at /.well-known, so the file works as written", async () => {
    const home = tempHome();
    const announced = JSON.parse(await startEmulator(["--json"], home)) as { config: Record<string, string> };
    const { config } = announced;
    const env = {
      HOME: home,
      LICENSECTL_API_KEY: config.apiKey,
      LICENSECTL_SHARED_KEY: config.sharedKey,
      LICENSECTL_LICENSE_KEY: config.licenseKey,
    };
    const init = await runCli(["config", "init", "--api-url", config.apiUrl ?? "", "--product", "demo"], {
      env,
    });
    expect(init.code).toBe(0);
    expect(init.stderr).toContain(`publicKey: the key ${config.apiUrl}/.well-known serves (SHA-256 `);
    const written = JSON.parse(readFileSync(init.stdout.trim(), "utf8")) as Record<string, string>;
    expect(written.publicKey).toBe(config.publicKey);
    const list = await runCli(["vars", "list", "--json", "--hardware-id", OTHER_DEVICE_ID], {
      env: { HOME: home },
    });
    expect(list.code).toBe(0);
  });

  it("warns when the endpoint serves no key", async () => {
    const home = tempHome();
    const init = await runCli(
      [
        "config",
        "init",
        "--api-url",
        "http://127.0.0.1:9/api/v4",
        "--product",
        "demo",
        "--license-key",
        "K-1",
      ],
      {
        env: { HOME: home, LICENSECTL_RETRIES: "0", LICENSECTL_API_KEY: "k", LICENSECTL_SHARED_KEY: "s" },
      },
    );
    expect(init.code).toBe(0);
    expect(init.stderr).toContain("warning: no publicKey for http://127.0.0.1:9/api/v4");
  });
});

const DEMO = fileURLToPath(new URL("../../scripts/demo.mjs", import.meta.url));
/**
 * A temporary directory of the demo's own (its TMPDIR): what it leaves there is its own, whatever other
 * suites running the demo on the same machine leave in the shared one.
 */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function demoTmp(): { env: Record<string, string | undefined>; left: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), "licensectl-test-demo-tmp-"));
  made.push(dir);
  return {
    env: { PATH: process.env.PATH, NO_COLOR: "1", TMPDIR: dir },
    left: () => readdirSync(dir).filter((name) => name.startsWith("licensectl-demo-")),
  };
}

/**
 * A cap against a hang, not a timing claim: the demo starts the emulator and three CLI processes in turn,
 * which on a loaded 2-core machine (the suite beside busy loops) takes longer than the default 20 s.
 */
const DEMO_TIMEOUT_MS = 90_000;

describe("npm run demo", () => {
  it(
    "without a terminal, ends saying the emulator stopped, and leaves no files",
    async () => {
      const tmp = demoTmp();
      const child = spawn(process.execPath, [DEMO], { env: tmp.env });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
      });
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(code).toBe(0);
      expect(stdout.trimEnd().split("\n").at(-1)).toBe(
        "Start your own with: node bin/licensectl.cjs emulator --write-config ./.licensectlrc.json",
      );
      expect(stdout).toContain(tmp.env.TMPDIR); // the demo worked in it
      expect(tmp.left()).toEqual([]);
      // Nobody can press Ctrl+C without a terminal: the demo does not ask for it.
      expect(stdout).not.toContain("Press Ctrl+C");
    },
    DEMO_TIMEOUT_MS,
  );

  it(
    "without a terminal, stops at `kill -INT <demo pid>` mid-run: exit 130, the emulator stopped, no files left",
    async () => {
      const tmp = demoTmp();
      const child = spawn(process.execPath, [DEMO], { env: tmp.env });
      children.push(child);
      let stdout = "";
      const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
      // Signalled once the first command has started: the order of events, not a delay.
      await new Promise<void>((resolve) => {
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          stdout += chunk;
          if (stdout.includes("vars set channel=beta")) resolve();
        });
      });
      const origin = /listening on (http:\/\/\S+)/.exec(stdout)?.[1] ?? "";
      child.kill("SIGINT"); // the demo's pid alone, as `kill -INT <pid>` does, not its process group
      expect(await closed).toBe(130);
      expect(stdout).not.toContain("Demo done");
      expect(stdout).toContain(tmp.env.TMPDIR); // the demo worked in it
      expect(tmp.left()).toEqual([]);
      await expect(fetch(`${origin}/api/v4/.well-known`)).rejects.toThrow();
    },
    DEMO_TIMEOUT_MS,
  );

  it.runIf(hasScript)(
    "on a terminal, keeps the emulator running until Ctrl+C, so its closing commands work",
    async () => {
      const home = tempHome();
      const child = spawn("script", ["-qfec", `node ${DEMO}`, "/dev/null"], {
        cwd: fileURLToPath(new URL("../..", import.meta.url)),
        env: { PATH: process.env.PATH, HOME: home, NO_COLOR: "1", TERM: "dumb" },
      });
      children.push(child);
      let output = "";
      const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
      await new Promise<void>((resolve) => {
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          output += chunk;
          if (output.includes("is removed then.")) resolve();
        });
      });
      expect(output).toContain("The emulator is still running. Try, from this directory:");
      const config = /--config (\S+) vars get channel/.exec(output)?.[1] ?? "";
      const get = await runCli(["--config", config, "vars", "get", "channel"], { env: { HOME: home } });
      expect(get).toMatchObject({ code: 0, stdout: "beta\n" });
      child.stdin.write("\u0003");
      await closed;
      expect(output).toContain("Stopping the emulator.");
      expect(existsSync(config)).toBe(false);
    },
    DEMO_TIMEOUT_MS,
  );
});
