import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { afterAttempts, toNetworkError } from "../../src/api/network-errors.js";
import { CliError } from "../../src/core/cli-error.js";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { runCli } from "../helpers/cli.js";
import { apiKeyEnv, HWID, managementEnv, startTestEmulator } from "../helpers/emulator.js";
import { fleetCsv, fleetSeed, writeDevicesFile } from "../helpers/fleet.js";

// Figures and messages the docs quote, checked against the code that produces them: a doc that drifts
// from the CLI fails here, not in a reader's terminal.
const root = fileURLToPath(new URL("../..", import.meta.url));
const doc = (name: string) => readFileSync(`${root}/docs/${name}`, "utf8").replace(/\s*\n\s*/g, " ");

/** The tarball `npm pack` would make from the current tree (nothing is built or written). */
function packed(): { files: Set<string>; entryCount: number; size: number } {
  const json = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [pack] = JSON.parse(json) as Array<{
    files: Array<{ path: string }>;
    entryCount: number;
    size: number;
  }>;
  if (!pack) throw new Error("npm pack answered nothing");
  return { files: new Set(pack.files.map((f) => f.path)), entryCount: pack.entryCount, size: pack.size };
}

describe("the packed tarball", () => {
  const pack = packed();

  it("holds every file the README links to by a relative path", () => {
    const readme = readFileSync(`${root}/README.md`, "utf8");
    const relative = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((match) => match[1] ?? "")
      .filter((target) => !/^[a-z]+:/i.test(target));
    expect(relative.length).toBeGreaterThan(0);
    expect(relative.filter((target) => !pack.files.has(target.replace(/^\.\//, "")))).toEqual([]);
  });

  it("is as performance.md says: its file count exactly, its packed size within 15%", () => {
    const claim = /`npm pack --dry-run`: (\d+) files, about (\d+) kB packed/.exec(doc("performance.md"));
    expect(claim, "performance.md states the tarball's files and size").not.toBeNull();
    expect(pack.entryCount).toBe(Number(claim?.[1]));
    expect(Math.abs(pack.size / 1000 / Number(claim?.[2]) - 1)).toBeLessThan(0.15);
  });
});

describe("reliability.md quotes the messages the code writes", () => {
  it("out of time after retries", () => {
    const last = new CliError("network", "No complete response from h within 30000 ms.", { code: "timeout" });
    const message = afterAttempts(last, {
      made: 2,
      allowed: 3,
      retried: ["HTTP 503"],
      ranOutOf: "time",
      timeoutMs: 30_000,
    }).message;
    const quoted = `${message.slice(0, message.indexOf("): ") + 3)}…`;
    expect(quoted).toBe("Gave up after 2 attempts, out of time (time budget 30000 ms): …");
    expect(doc("reliability.md")).toContain(`\`${quoted}\``);
  });

  it("a body that stalls", () => {
    const message = toNetworkError(new Error("aborted"), true, {
      host: "h",
      timeoutMs: 30_000,
      answered: 200,
    }).message;
    const tail = message.slice(message.indexOf("within "));
    expect(doc("reliability.md")).toContain(`\`… ${tail}\``);
  });

  it("a plain http:// URL off loopback: exit 3 from the environment or a file, exit 2 as a flag", async () => {
    const url = "http://licenses.example.com/api/v4";
    const fromEnv = await runCli(["vars", "list"], {
      env: { ...apiKeyEnvWithout(), LICENSECTL_API_URL: url },
    });
    const asFlag = await runCli(["vars", "list", "--api-url", url], { env: apiKeyEnvWithout() });
    expect(fromEnv.stderr).toContain("insecure_url");
    const claim = doc("reliability.md");
    expect(claim).toContain(`exit ${fromEnv.code} (\`insecure_url\`) from a config file or the environment`);
    expect(claim).toContain(`exit ${asFlag.code} as a flag`);
  });
});

/** Credentials and a target, no emulator needed: the URL check comes first. */
function apiKeyEnvWithout(): Record<string, string> {
  return {
    LICENSECTL_API_KEY: "k",
    LICENSECTL_SHARED_KEY: "s",
    LICENSECTL_PRODUCT: "demo",
    LICENSECTL_LICENSE_KEY: "K",
    LICENSECTL_HARDWARE_ID: HWID,
  };
}

describe("guide.md: in a pipe, captions are dropped and a dry run's notice goes to stderr", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: fleetSeed(2) });
  });

  it("holds for devices list, vars diff and a fleet dry run, as the guide says", async () => {
    const env = { ...apiKeyEnv(emulator), ...managementEnv(emulator), LICENSECTL_HARDWARE_ID: "" };
    const devices = await runCli(["devices", "list"], { env });
    expect(devices.code).toBe(0);
    expect(devices.stdout.split("\n")[0]).toMatch(/^DEVICE ID\s+HARDWARE ID/);
    const [a, b] = fleetCsv(2)
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split(",")[0] ?? "");
    const diff = await runCli(["vars", "diff", a ?? "", b ?? ""], { env });
    expect(diff.stdout === "" || diff.stdout.startsWith("VARIABLE")).toBe(true);
    const dry = await runCli(
      ["vars", "set", "a=1", "--devices", writeDevicesFile(fleetCsv(2)), "--dry-run"],
      {
        env,
      },
    );
    expect(dry.stdout).not.toContain("Dry run");
    expect(dry.stderr).toContain("Dry run, nothing was sent");
    expect(doc("guide.md")).toContain(
      "`vars list`, `vars set`, `vars unset`, `vars diff`, `devices list` and `config show` print the data alone",
    );
    expect(doc("guide.md")).toContain(
      "A dry run's `Dry run, nothing was sent` line (a fleet dry run's too) goes to stderr in a pipe.",
    );
  });
});
