import { describe, expect, it } from "vitest";
import { parseFaultRule } from "../../src/emulator/faults.js";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runCli } from "../helpers/cli.js";
import { apiKeyEnv, managementEnv, oauthEnv, startTestEmulator } from "../helpers/emulator.js";
import { startServer } from "../helpers/http.js";

const faulty = (...rules: string[]) => startTestEmulator({ faults: rules.map(parseFaultRule) });
const list = (emulator: RunningEmulator, args: string[] = [], env: Record<string, string> = {}) =>
  runCli(["vars", "list", ...args], { env: apiKeyEnv(emulator, env) });

describe("retries", () => {
  it("retries injected 503s and succeeds on the third attempt", async () => {
    const emulator = await faulty("503*2");
    const result = await list(emulator, ["--json"]);
    expect(result.code).toBe(0);
    expect(emulator.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("retries connections reset without an answer", async () => {
    const emulator = await faulty("reset*2");
    const result = await runCli(["vars", "set", "a=1", "--no-journal"], { env: apiKeyEnv(emulator) });
    expect(result.code).toBe(0);
    expect(emulator.requests.map((r) => r.fault ?? r.status)).toEqual(["reset", "reset", 200]);
  });

  it.each(["429", "502", "504"])("retries HTTP %s", async (status) => {
    const emulator = await faulty(`${status}*1`);
    expect((await list(emulator)).code).toBe(0);
    expect(emulator.requests.map((r) => r.status)).toEqual([Number(status), 200]);
  });

  it("honours Retry-After, and signs each attempt afresh with a new Date", async () => {
    const emulator = await startTestEmulator({ faults: [parseFaultRule("503*1")], retryAfterSeconds: 1 });
    const result = await list(emulator, ["--debug"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("HTTP 503: retrying in 1000 ms");
    const [first, second] = emulator.requests.map((r) => r.headers);
    expect(Date.parse(String(second?.date)) - Date.parse(String(first?.date))).toBeGreaterThanOrEqual(1000);
    expect(second?.authorization).not.toBe(first?.authorization);
  });

  it("gives up after --retries + 1 attempts and says so, exit 6", async () => {
    const emulator = await faulty("503*10");
    const result = await list(emulator, ["--json", "--retries", "2"]);
    expect(result.code).toBe(6);
    expect(emulator.requests).toHaveLength(3);
    expect(errorOf(result.stderr)).toMatchObject({ code: "injected_fault", status: 503 });
    expect(errorOf(result.stderr).message).toMatch(/^Gave up after 3 attempts: /);
  });

  it("says it gave up after --retries + 1 attempts on the Management API too", async () => {
    const emulator = await faulty("503*10");
    const result = await runCli(["vars", "unset", "region", "--yes", "--json", "--retries", "2"], {
      env: managementEnv(emulator),
    });
    expect(result.code).toBe(6);
    expect(emulator.requests).toHaveLength(3);
    expect(errorOf(result.stderr)).toMatchObject({ code: "injected_fault", status: 503 });
    expect(errorOf(result.stderr).message).toMatch(/^Gave up after 3 attempts: /);
  });

  it("reports a 500 after retried 503s as itself, with the earlier attempts, not as giving up", async () => {
    const emulator = await faulty("503*2", "500*1");
    const result = await list(emulator, ["--json"]);
    expect(result.code).toBe(6);
    expect(emulator.requests.map((r) => r.status)).toEqual([503, 503, 500]);
    expect(errorOf(result.stderr)).toMatchObject({
      code: "injected_fault",
      status: 500,
      message: "Fault injected by the emulator (attempt 3 of 4; attempts 1–2: HTTP 503)",
    });
  });

  it("names each kind of failure the earlier attempts got", async () => {
    const emulator = await faulty("503*1", "reset*1", "400*1");
    const result = await list(emulator, ["--json"]);
    expect(result.code).toBe(5);
    expect(errorOf(result.stderr).message).toBe(
      "Fault injected by the emulator (attempt 3 of 4; attempts 1–2: HTTP 503, connection reset)",
    );
  });

  it("reports a 500 after a retried 503 on the Management API as itself too", async () => {
    const emulator = await faulty("503*1", "500*1");
    const result = await runCli(["vars", "unset", "region", "--yes", "--json"], {
      env: managementEnv(emulator),
    });
    expect(result.code).toBe(6);
    expect(emulator.requests.map((r) => r.status)).toEqual([503, 500]);
    expect(errorOf(result.stderr)).toMatchObject({
      status: 500,
      message: "Fault injected by the emulator (attempt 2 of 4; attempt 1: HTTP 503)",
    });
  });

  it("reports an OAuth token endpoint's 500 after a retried 503 as itself", async () => {
    const emulator = await faulty("503*1", "500*1");
    const result = await runCli(["vars", "list", "--json"], { env: oauthEnv(emulator) });
    expect(result.code).toBe(6);
    expect(emulator.requests.map((r) => [r.path.split("/").at(-1), r.status])).toEqual([
      ["token", 503],
      ["token", 500],
    ]);
    expect(errorOf(result.stderr)).toMatchObject({
      code: "token_endpoint_failed",
      message: "The OAuth token endpoint failed with HTTP 500 (attempt 2 of 4; attempt 1: HTTP 503).",
    });
  });

  it("makes one attempt only with LICENSECTL_RETRIES=0", async () => {
    const emulator = await faulty("503*10");
    expect((await list(emulator, [], { LICENSECTL_RETRIES: "0" })).code).toBe(6);
    expect(emulator.requests).toHaveLength(1);
  });

  it.each([
    ["500*5", 6],
    ["400*5", 5],
    ["401*5", 4],
  ])("never retries %s", async (rule, exit) => {
    const emulator = await faulty(rule);
    expect((await list(emulator)).code).toBe(exit);
    expect(emulator.requests).toHaveLength(1);
  });

  it("never retries an API refusal such as device_not_found", async () => {
    const emulator = await faulty();
    expect((await list(emulator, [], { LICENSECTL_HARDWARE_ID: "unknown" })).code).toBe(5);
    expect(emulator.requests).toHaveLength(1);
  });

  it("retries the OAuth token request too", async () => {
    const emulator = await faulty("503*1");
    const result = await runCli(["vars", "list"], { env: oauthEnv(emulator) });
    expect(result.code).toBe(0);
    expect(emulator.requests.map((r) => [r.path.split("/").at(-1), r.status])).toEqual([
      ["token", 503],
      ["token", 200],
      ["get_device_variables", 200],
    ]);
  });

  it("shows each attempt and why it is retried with --debug", async () => {
    const emulator = await faulty("503*1", "reset*1");
    const result = await list(emulator, ["--debug"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/→ GET \S+ \(attempt 1 of 4\)/);
    expect(result.stderr).toMatch(/HTTP 503: retrying in \d+ ms/);
    expect(result.stderr).toMatch(/connection reset \(ECONNRESET\): retrying in \d+ ms/);
    expect(result.stderr).toMatch(/→ GET \S+ \(attempt 3 of 4\)/);
  });

  it("stops when the overall --timeout would run out before the next attempt", async () => {
    const emulator = await startTestEmulator({ faults: [parseFaultRule("503*5")], retryAfterSeconds: 60 });
    const result = await list(emulator, ["--json", "--timeout", "2000"]);
    expect(result.code).toBe(6);
    expect(emulator.requests).toHaveLength(1);
    expect(errorOf(result.stderr).message).not.toContain("Gave up");
  });

  it("says it gave up for lack of time when the --timeout budget ends the retries early", async () => {
    const emulator = await startTestEmulator({ faults: [parseFaultRule("503*5")], retryAfterSeconds: 1 });
    const result = await list(emulator, ["--json", "--timeout", "1500"]);
    expect(result.code).toBe(6);
    expect(emulator.requests).toHaveLength(2);
    expect(errorOf(result.stderr).message).toBe(
      "Gave up after 2 attempts, out of time (time budget 1500 ms): Fault injected by the emulator",
    );
  });
});

describe("hints that fit the failure", () => {
  const noEmulator = /Nothing answers|is the emulator running/;

  it("tells a stalled answer by its time budget, not as a server that is not running", async () => {
    const emulator = await faulty("stall*1");
    const result = await list(emulator, ["--json", "--timeout", "1500", "--retries", "0"]);
    expect(result.code).toBe(6);
    const error = errorOf(result.stderr);
    expect(error).toMatchObject({ code: "timeout" });
    expect(error.message).toMatch(/within 1500 ms: HTTP 200 headers arrived, then the body stalled\.$/);
    expect(error.hint).toBe(
      "The server began answering but did not finish within the time budget: allow more time with --timeout <ms> (LICENSECTL_TIMEOUT), check your network or proxy, or retry later.",
    );
  });

  it("tells a server that accepts the connection but never answers by its time budget", async () => {
    const server = await startServer(() => {});
    const result = await list(await faulty(), ["--json", "--timeout", "800"], {
      LICENSECTL_API_URL: `${server.origin}/api/v4`,
    });
    expect(result.code).toBe(6);
    const error = errorOf(result.stderr);
    expect(error).toMatchObject({ code: "timeout" });
    expect(error.hint).toMatch(
      /^No answer came within the time budget: check that the URL is the right one, allow more time with --timeout/,
    );
    expect(error.hint).not.toMatch(noEmulator);
  });

  it("tells a connection lost mid-body as an answer that broke off, not as a server that is not running", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "1000" });
      res.write('[{"variable":"', () => res.destroy());
    });
    const result = await list(await faulty(), ["--json", "--retries", "0"], {
      LICENSECTL_API_URL: `${server.origin}/api/v4`,
    });
    expect(result.code).toBe(6);
    const error = errorOf(result.stderr);
    expect(error.message).toMatch(/^The answer from 127\.0\.0\.1:\d+ broke off after its HTTP 200 headers: /);
    expect(error.hint).toMatch(/^The connection broke while the server was answering: retry/);
  });

  it("still asks whether the emulator is running when the connection is refused", async () => {
    const server = await startServer(() => {});
    await server.close();
    const result = await list(await faulty(), ["--json", "--retries", "0"], {
      LICENSECTL_API_URL: `${server.origin}/api/v4`,
    });
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr).hint).toMatch(noEmulator);
  });
});

describe("clock skew", () => {
  it.each([
    [+20, "behind"],
    [-20, "ahead of"],
  ])(
    "corrects a clock %i minutes off the server's once, and warns how far it is %s",
    async (minutes, way) => {
      const emulator = await startTestEmulator({ now: () => Date.now() + minutes * 60_000 });
      const result = await runCli(["vars", "set", "skew=1", "--json"], {
        env: apiKeyEnv(emulator),
      });
      expect(result.code).toBe(0);
      // The journal's read meets the skew first; the write that follows is signed with the corrected clock.
      expect(emulator.requests.map((r) => r.status)).toEqual([400, 200, 200]);
      expect(result.stderr).toMatch(
        new RegExp(
          `^warning: this machine's clock is (19m 5\\ds|20m( \\ds)?) ${way} the server; corrected for this run — sync it \\(NTP\\)\\.\\n$`,
        ),
      );
    },
  );

  it("never corrects twice: a server that keeps refusing the clock gets exactly two requests, exit 4", async () => {
    let requests = 0;
    const server = await startServer((_req, res) => {
      requests++;
      res.writeHead(400, {
        "Content-Type": "application/json",
        Date: new Date(Date.now() + 3_600_000).toUTCString(),
      });
      res.end(JSON.stringify({ status: 400, code: "date_header_diff", message: "Date header differs" }));
    });
    const result = await runCli(["vars", "list"], {
      env: apiKeyEnv(await faulty(), { LICENSECTL_API_URL: server.origin }),
    });
    expect(result.code).toBe(4);
    expect(requests).toBe(2);
    expect(result.stderr).toMatch(/clock is (59m 5\ds|60m \ds) behind the server/);
  });
});

describe("HTTPS only", () => {
  it.each([
    ["LICENSECTL_API_URL", "http://api.example.com/api/v4", "apiUrl"],
    ["LICENSECTL_TOKEN_URL", "http://auth.example.com/token", "tokenUrl"],
    ["LICENSECTL_MANAGEMENT_URL", "http://10.0.0.8/api/v1", "managementUrl"],
  ])("refuses %s=%s with exit 3 before sending anything", async (name, value, key) => {
    const emulator = await faulty();
    const result = await list(emulator, ["--json"], { [name]: value });
    expect(result.code).toBe(3);
    expect(errorOf(result.stderr)).toMatchObject({ kind: "config", code: "insecure_url" });
    expect(errorOf(result.stderr).message).toContain(`env ${name}: "${key}" must use https://`);
    expect(errorOf(result.stderr).hint).toContain(value.replace("http:", "https:"));
    expect(emulator.requests).toHaveLength(0);
  });

  it.each(["127.0.0.1", "127.1.2.3", "localhost", "[::1]"])(
    "accepts plain http for loopback %s",
    async (host) => {
      const emulator = await faulty();
      const url = new URL(emulator.apiUrl);
      const apiUrl = `http://${host}:${url.port}${url.pathname}`;
      const result = await list(emulator, ["--api-url", apiUrl]);
      expect(result.stderr).not.toContain("must use https://");
    },
  );
});
