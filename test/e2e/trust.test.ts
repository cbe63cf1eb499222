import { chownSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runCli, tempHome } from "../helpers/cli.js";
import {
  API_KEY,
  apiKeyEnv,
  CLIENT_ID,
  CLIENT_SECRET,
  HWID,
  LICENSE_KEY,
  MANAGEMENT_API_KEY,
  managementEnv,
  SHARED_KEY,
  startTestEmulator,
} from "../helpers/emulator.js";
import { startServer } from "../helpers/http.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

/** A server that records what reaches it: where a hostile project file would send credentials. */
async function collector() {
  const received: string[] = [];
  const server = await startServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk));
    request.on("end", () => {
      received.push(`${request.method} ${request.url} ${request.headers.authorization ?? ""} ${body}`);
      response.writeHead(500).end();
    });
  });
  return { origin: server.origin, received };
}

/** The emulator's API-key environment without the named variables: a config file sets them, or nothing does. */
function envWithout(...names: string[]): Record<string, string> {
  const env = apiKeyEnv(emulator);
  for (const name of names) delete env[name];
  return env;
}

function projectWith(config: Record<string, unknown>): string {
  const project = join(tempHome(), "checkout");
  mkdirSync(project);
  writeFileSync(join(project, ".licensectlrc.json"), JSON.stringify(config));
  return project;
}

describe("a project config file cannot send credentials configured elsewhere to its own endpoint", () => {
  it("refuses an apiUrl from the project file when the API key comes from the environment", async () => {
    const evil = await collector();
    const project = projectWith({ apiUrl: `${evil.origin}/api/v4` });
    const env = envWithout("LICENSECTL_API_URL");
    const result = await runCli(["vars", "list", "--json"], { cwd: project, env });
    expect(result.code).toBe(3);
    expect(errorOf(result.stderr)).toMatchObject({ code: "untrusted_endpoint" });
    expect(errorOf(result.stderr).message).toContain("apiKey (env LICENSECTL_API_KEY)");
    expect(errorOf(result.stderr).hint).toContain("--api-url");
    expect(evil.received).toEqual([]);
  });

  it("refuses a tokenUrl from the project file when the client secret comes from the environment", async () => {
    const evil = await collector();
    const project = projectWith({ tokenUrl: `${evil.origin}/token` });
    const env = envWithout("LICENSECTL_API_KEY", "LICENSECTL_SHARED_KEY");
    const result = await runCli(["vars", "list", "--json"], {
      cwd: project,
      env: { ...env, LICENSECTL_CLIENT_ID: CLIENT_ID, LICENSECTL_CLIENT_SECRET: CLIENT_SECRET },
    });
    expect(result.code).toBe(3);
    expect(errorOf(result.stderr).code).toBe("untrusted_endpoint");
    expect(evil.received).toEqual([]);
    expect(result.stderr).not.toContain(CLIENT_SECRET);
  });

  it("refuses a managementUrl from a project profile when the management key comes from the environment", async () => {
    const evil = await collector();
    const project = projectWith({ profiles: { ci: { managementUrl: `${evil.origin}/api/v1` } } });
    const { LICENSECTL_MANAGEMENT_URL: _m, ...env } = managementEnv(emulator);
    const result = await runCli(["vars", "unset", "x", "--yes", "--json", "--profile", "ci"], {
      cwd: project,
      env,
    });
    expect(result.code).toBe(3);
    expect(errorOf(result.stderr).message).toContain('profile "ci"');
    expect(evil.received).toEqual([]);
    expect(result.stderr).not.toContain(MANAGEMENT_API_KEY);
  });

  it("allows the endpoint when the same project file holds the credentials it sends there", async () => {
    // Identity too: the license key and hardware ID it is sent come from that file (config/trust.ts).
    const project = projectWith({
      apiUrl: emulator.apiUrl,
      apiKey: API_KEY,
      sharedKey: SHARED_KEY,
      licenseKey: LICENSE_KEY,
      hardwareId: HWID,
    });
    const env = envWithout(
      "LICENSECTL_API_URL",
      "LICENSECTL_API_KEY",
      "LICENSECTL_SHARED_KEY",
      "LICENSECTL_LICENSE_KEY",
      "LICENSECTL_HARDWARE_ID",
    );
    const result = await runCli(["vars", "list", "--json"], { cwd: project, env });
    expect(result.code).toBe(0);
  });

  it("allows it when the file is named with --config, a choice the user made", async () => {
    const project = projectWith({ apiUrl: emulator.apiUrl });
    const env = envWithout("LICENSECTL_API_URL");
    const result = await runCli(["vars", "list", "--json", "--config", join(project, ".licensectlrc.json")], {
      env,
    });
    expect(result.code).toBe(0);
  });
});

/** A HOME whose user config file holds the API-key credentials and the rest of the emulator's settings. */
function homeWithUserConfig(): string {
  const home = tempHome();
  mkdirSync(join(home, ".config", "licensectl"));
  const {
    LICENSECTL_API_URL: apiUrl,
    LICENSECTL_API_KEY: apiKey,
    LICENSECTL_SHARED_KEY: sharedKey,
  } = apiKeyEnv(emulator);
  writeFileSync(
    join(home, ".config", "licensectl", "config.json"),
    JSON.stringify({ apiUrl, apiKey, sharedKey }),
    { mode: 0o600 },
  );
  return home;
}

interface DoctorReport {
  ok: boolean;
  checks: Array<{ name: string; status: string; detail: string; fix: string | null }>;
}

describe("doctor and an endpoint a project config file chose", () => {
  it("fails the config check with untrusted_endpoint, contacts nothing, keeps the local checks, exits 3", async () => {
    const evil = await collector();
    const project = projectWith({ apiUrl: `${evil.origin}/api/v4` });
    const home = homeWithUserConfig();
    const env = envWithout("LICENSECTL_API_URL", "LICENSECTL_API_KEY", "LICENSECTL_SHARED_KEY");
    const result = await runCli(["doctor", "--json"], { cwd: project, env: { ...env, HOME: home } });
    expect(evil.received).toEqual([]);
    expect(result.code).toBe(3);
    expect(errorOf(result.stderr)).toMatchObject({ code: "doctor_failed", kind: "config" });
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.ok).toBe(false);
    const [config, ...rest] = report.checks;
    expect(config).toMatchObject({ name: "config", status: "fail" });
    expect(config?.detail).toContain(`apiUrl ${evil.origin}/api/v4 comes from project config`);
    expect(config?.detail).toContain("apiKey (user config");
    expect(config?.fix).toContain("--api-url");
    expect(rest.map(({ name, status, detail }) => [name, status, status === "skip" ? detail : ""])).toEqual([
      ["credentials", "ok", ""],
      ["product and license", "ok", ""],
      ["hardware ID", "ok", ""],
      ...[
        "API reachable",
        "clock",
        "credentials accepted",
        "response signature",
        "device found",
        "licenses of this device",
      ].map((name) => [name, "skip", "needs an endpoint licensectl trusts (see config above)"]),
    ]);
  });

  it("keeps the config file's other warnings in the failed config check", async () => {
    const evil = await collector();
    const project = projectWith({ apiUrl: `${evil.origin}/api/v4`, prodcut: "typo" });
    const env = envWithout("LICENSECTL_API_URL");
    const result = await runCli(["doctor", "--json"], { cwd: project, env });
    const [config] = (JSON.parse(result.stdout) as DoctorReport).checks;
    expect(config).toMatchObject({ name: "config", status: "fail" });
    expect(config?.detail).toContain("comes from project config");
    expect(config?.detail).toContain('unknown key "prodcut"');
  });

  it("marks the config check ✗ in the text report and names the failed check on stderr", async () => {
    const evil = await collector();
    const project = projectWith({ apiUrl: `${evil.origin}/api/v4` });
    const env = envWithout("LICENSECTL_API_URL");
    const result = await runCli(["doctor"], { cwd: project, env });
    expect(evil.received).toEqual([]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^✗ config\s+apiUrl \S+ comes from project config/);
    expect(result.stdout).toMatch(/fix: If you trust that endpoint, set apiUrl where your credentials are/);
    expect(result.stdout).toMatch(
      /- API reachable\s+needs an endpoint licensectl trusts \(see config above\)/,
    );
    expect(result.stderr).toContain('doctor: the "config" check failed.');
  });

  it("does not fetch an OAuth token from a project file's tokenUrl for a client secret set elsewhere", async () => {
    const evil = await collector();
    const project = projectWith({ tokenUrl: `${evil.origin}/token` });
    const env = envWithout("LICENSECTL_API_KEY", "LICENSECTL_SHARED_KEY");
    const result = await runCli(["doctor", "--json"], {
      cwd: project,
      env: { ...env, LICENSECTL_CLIENT_ID: CLIENT_ID, LICENSECTL_CLIENT_SECRET: CLIENT_SECRET },
    });
    expect(evil.received).toEqual([]);
    expect(result.code).toBe(3);
    const [config] = (JSON.parse(result.stdout) as DoctorReport).checks;
    expect(config).toMatchObject({ name: "config", status: "fail" });
    expect(config?.detail).toContain("tokenUrl");
    expect(result.stdout + result.stderr).not.toContain(CLIENT_SECRET);
  });

  it("passes when the same project file holds the credentials it sends to its endpoint", async () => {
    // Identity too: the license key and hardware ID it is sent come from that file (config/trust.ts).
    const project = projectWith({
      apiUrl: emulator.apiUrl,
      apiKey: API_KEY,
      sharedKey: SHARED_KEY,
      licenseKey: LICENSE_KEY,
      hardwareId: HWID,
    });
    const env = envWithout(
      "LICENSECTL_API_URL",
      "LICENSECTL_API_KEY",
      "LICENSECTL_SHARED_KEY",
      "LICENSECTL_LICENSE_KEY",
      "LICENSECTL_HARDWARE_ID",
    );
    const result = await runCli(["doctor", "--json"], { cwd: project, env });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as DoctorReport).checks.every((c) => c.status === "ok")).toBe(true);
  });
});

describe.runIf(process.getuid?.() === 0)("project files owned by someone else", () => {
  it("are ignored with a warning naming the file", async () => {
    const project = projectWith({ product: "planted" });
    chownSync(join(project, ".licensectlrc.json"), 12345, 12345);
    const result = await runCli(["config", "show", "--json"], { cwd: project });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `ignored the config file ${join(project, ".licensectlrc.json")}: owned by uid 12345`,
    );
    const shown = JSON.parse(result.stdout) as { settings: { product: { value: unknown } } };
    expect(shown.settings.product.value).toBeNull();
    const paths = JSON.parse((await runCli(["config", "path", "--json"], { cwd: project })).stdout) as {
      places: Array<{ path: string; status: string }>;
    };
    expect(paths.places.find((p) => p.path.endsWith("checkout/.licensectlrc.json"))?.status).toBe(
      "ignored: not yours",
    );
  });
});
