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
    const { LICENSECTL_API_URL: _url, ...env } = apiKeyEnv(emulator);
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
    const { LICENSECTL_API_KEY: _k, LICENSECTL_SHARED_KEY: _s, ...env } = apiKeyEnv(emulator);
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
    const project = projectWith({ apiUrl: emulator.apiUrl, apiKey: API_KEY, sharedKey: SHARED_KEY });
    const {
      LICENSECTL_API_URL: _u,
      LICENSECTL_API_KEY: _k,
      LICENSECTL_SHARED_KEY: _s,
      ...env
    } = apiKeyEnv(emulator);
    const result = await runCli(["vars", "list", "--json"], { cwd: project, env });
    expect(result.code).toBe(0);
  });

  it("allows it when the file is named with --config, a choice the user made", async () => {
    const project = projectWith({ apiUrl: emulator.apiUrl });
    const { LICENSECTL_API_URL: _u, ...env } = apiKeyEnv(emulator);
    const result = await runCli(["vars", "list", "--json", "--config", join(project, ".licensectlrc.json")], {
      env,
    });
    expect(result.code).toBe(0);
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
