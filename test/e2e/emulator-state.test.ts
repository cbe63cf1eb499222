import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, spawnCli, tempHome } from "../helpers/cli.js";
import {
  apiKeyEnv,
  deviceIdentity,
  managementEnv,
  signedRequest,
  startTestEmulator,
} from "../helpers/emulator.js";

const identity = deviceIdentity();
const dataFile = () => join(tempHome(), "state.json");

describe("emulator --data", () => {
  it("keeps every acknowledged write, the credentials and the signing key across a restart", async () => {
    const file = dataFile();
    const first = await startTestEmulator({ dataFile: file, keyPair: undefined }); // a key of its own
    expect(first.restored).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const set = await runCli(["vars", "set", "kept=yes", "n=5"], { env: apiKeyEnv(first) });
    expect(set.code).toBe(0);
    await first.close();

    const second = await startTestEmulator({
      dataFile: file,
      keyPair: undefined,
      seed: { products: [], licenses: [] },
    });
    expect(second.restored).toBe(true);
    expect(second.publicKeyPem).toBe(first.publicKeyPem);
    const list = await runCli(["vars", "list", "--json"], { env: apiKeyEnv(second) });
    expect(list.code).toBe(0);
    const variables = JSON.parse(list.stdout) as Array<{ variable: string; value: string }>;
    expect(variables.filter((v) => ["kept", "n"].includes(v.variable))).toMatchObject([
      { variable: "kept", value: "yes" },
      { variable: "n", value: "5" },
    ]);
  });

  it("licensectl emulator flushes the data on Ctrl+C (exit 130) and a restart serves the same config", async () => {
    const home = tempHome();
    const config = join(home, "emulator.json");
    const data = join(home, "state.json");
    const start = () => {
      // Spawned: the flush on Ctrl+C (SIGINT) of a real process is what is tested.
      const run = spawnCli(["emulator", "--data", data, "--write-config", config, "--force", "--json"], {
        cwd: home,
      });
      const announced = new Promise<{ apiUrl: string }>((resolve) =>
        run.child.stdout.once("data", (chunk: Buffer) => resolve(JSON.parse(String(chunk)))),
      );
      return { ...run, announced };
    };
    const first = start();
    await first.announced;
    expect((await runCli(["--config", config, "vars", "set", "restart=survived"])).code).toBe(0);
    first.child.kill("SIGINT");
    expect((await first.result).code).toBe(130);
    expect(readFileSync(data, "utf8")).toContain('"restart"');

    const second = start();
    await second.announced;
    const list = await runCli(["--config", config, "vars", "list", "--json"]);
    second.child.kill("SIGINT");
    expect(list.stderr).toBe("");
    expect(JSON.parse(list.stdout)).toContainEqual(expect.objectContaining({ variable: "restart" }));
    expect((await second.result).stderr).toContain(`State restored from ${data}.`);
  });

  it("keeps a Management API delete (vars unset) across a restart", async () => {
    const file = dataFile();
    const first = await startTestEmulator({ dataFile: file });
    const env = { ...apiKeyEnv(first), ...managementEnv(first) };
    const unset = await runCli(["vars", "unset", "region", "--yes", "--license-id", "1001"], { env });
    expect(unset.code).toBe(0);
    await first.close();
    const second = await startTestEmulator({ dataFile: file });
    const list = await runCli(["vars", "list", "--json"], { env: apiKeyEnv(second) });
    const names = (JSON.parse(list.stdout) as Array<{ variable: string }>).map((v) => v.variable);
    expect(names).not.toContain("region");
    expect(names).toContain("9");
  });

  it("does not acknowledge a write it could not save: 500, and the CLI reports it", async () => {
    const home = tempHome();
    const file = join(home, "gone", "state.json");
    mkdirSync(join(home, "gone"));
    const emulator = await startTestEmulator({ dataFile: file });
    rmSync(join(home, "gone"), { recursive: true });
    const result = await runCli(["vars", "set", "unsaved=1", "--retries", "0"], { env: apiKeyEnv(emulator) });
    expect(result.code).toBe(6);
    expect(emulator.requests.at(-1)?.status).toBe(500);
  });
});

describe("emulator request limits", () => {
  it("refuses a body over 1 MiB with 413 payload_too_large, and keeps serving", async () => {
    const emulator = await startTestEmulator();
    const body = JSON.stringify({ ...identity, variables: { big: "x".repeat(2 * 1024 * 1024) } });
    const refused = await signedRequest(emulator, "track_device_variables", { method: "POST", body });
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ status: 413, code: "payload_too_large" });
    const next = await signedRequest(emulator, "get_device_variables", { query: identity });
    expect(next.status).toBe(200);
    expect(emulator.state.licenses[0]?.devices[0]?.variables.has("big")).toBe(false);
  });

  it("refuses a chunked body (no Content-Length) once it grows past 1 MiB", async () => {
    const emulator = await startTestEmulator();
    const url = `${emulator.apiUrl}/track_device_variables`;
    const status = await new Promise<number>((resolve, reject) => {
      const upload = httpRequest(
        url,
        { method: "POST", headers: { "Transfer-Encoding": "chunked" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      upload.on("error", reject);
      const chunk = Buffer.alloc(64 * 1024, "x");
      for (let i = 0; i < 24; i++) upload.write(chunk);
      upload.end();
    });
    expect(status).toBe(413);
    expect(emulator.requests.at(-1)?.status).toBe(413);
  });

  it("answers malformed JSON with 400 invalid_json", async () => {
    const emulator = await startTestEmulator();
    const response = await signedRequest(emulator, "track_device_variables", {
      method: "POST",
      body: '{"product": "demo", oops',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 400, code: "invalid_json" });
  });

  it.each(["--data", "--write-config"])("exits 3 naming the %s file it cannot write", async (flag) => {
    const path = join(tempHome(), "missing-dir", "file.json");
    const result = await runCli(["emulator", flag, path]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`Cannot write ${path} (ENOENT)`);
    expect(result.stderr).toContain(`give ${flag} another path`);
  });

  it.each([
    ["--fail", "503@2"],
    ["--fail", "teapot@0.5"],
    ["--latency", "-1"],
  ])("refuses %s %s with exit 2", async (flag, value) => {
    const result = await runCli(["emulator", flag, value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(flag);
  });
});
