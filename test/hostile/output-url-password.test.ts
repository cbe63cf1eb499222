import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { hostileApiEnv, startHostileServer } from "../helpers/hostile-server.js";

const PASSWORD = "hunter2-url-pass";

describe("a URL's password", () => {
  it("is never printed in a network error or --debug trace", async () => {
    // Port 9 on loopback: nothing listens, the connection is refused.
    const apiUrl = `http://licensing:${PASSWORD}@127.0.0.1:9/api/v4`;
    const server = await startHostileServer(() => ({ json: [], signed: true }));
    const result = await runCli(["vars", "list", "--debug", "--retries", "0"], {
      env: hostileApiEnv(server, { LICENSECTL_API_URL: apiUrl }),
    });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain("licensing:***@127.0.0.1:9");
    expect(result.stderr).not.toContain(PASSWORD);
  });

  it("is never printed when the server answers, --debug included", async () => {
    const server = await startHostileServer(() => ({ json: [], signed: true }));
    const apiUrl = server.apiUrl.replace("http://", `http://licensing:${PASSWORD}@`);
    const result = await runCli(["vars", "list", "--debug"], {
      env: hostileApiEnv(server, { LICENSECTL_API_URL: apiUrl }),
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("licensing:***@");
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it("is never printed by config show, as a table or as JSON", async () => {
    const env = { LICENSECTL_MANAGEMENT_URL: `https://ops:${PASSWORD}@saas.example.com/api/v1` };
    for (const args of [
      ["config", "show"],
      ["config", "show", "--json"],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("ops:***@saas.example.com");
      expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    }
  });

  it("is never printed in the error about an unusable URL", async () => {
    for (const url of [
      `http://ops:${PASSWORD}@api.example.com/v4`,
      `ftp://ops:${PASSWORD}@api.example.com/v4`,
    ]) {
      const result = await runCli(["config", "show"], { env: { LICENSECTL_API_URL: url } });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain("ops:***@api.example.com");
      expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    }
  });
});
