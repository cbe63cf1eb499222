import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorOf, runCli, tempHome } from "../helpers/cli.js";
import {
  type HostileServer,
  hostileApiEnv,
  hostileManagementEnv,
  startHostileServer,
} from "../helpers/hostile-server.js";

const EXIT_INTERNAL = 1;

/** `depth` arrays, each holding the next: `[[[…]]]`. */
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** A signed get_device_variables answer with `count` variables (short fields: it stays under 10 MB). */
function manyVariables(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    variable: `v${i}`,
    value: i,
    device_id: 7,
    created_at: 1_700_000_000_000,
  }));
}

describe("a server's error message", () => {
  it("is cut to a bounded length, saying how long it was", async () => {
    const server = await startHostileServer(() => ({
      status: 400,
      json: { status: 400, code: "flood", message: `start ${"A".repeat(9_000_000)} end` },
    }));
    const result = await runCli(["vars", "list", "--retries", "0"], { env: hostileApiEnv(server) });
    expect(result.code).toBe(5);
    expect(result.stderr.length).toBeLessThan(4_000);
    expect(result.stderr).toContain("start AAAA");
    expect(result.stderr).not.toContain(" end");
    expect(result.stderr).toMatch(/cut: 9,000,010 characters in all/);
  });

  it("is cut in --json error output too", async () => {
    const server = await startHostileServer(() => ({
      status: 400,
      json: { status: 400, code: "flood", message: "B".repeat(9_000_000) },
    }));
    const result = await runCli(["vars", "list", "--json", "--retries", "0"], { env: hostileApiEnv(server) });
    expect(result.code).toBe(5);
    expect(result.stderr.length).toBeLessThan(4_000);
    expect(String(errorOf(result.stderr).message)).toMatch(/cut: 9,000,000 characters in all/);
  });

  it("is cut when it comes as a server error code, too", async () => {
    const server = await startHostileServer(() => ({
      status: 400,
      json: { status: 400, code: "C".repeat(1_000_000), message: "refused" },
    }));
    const result = await runCli(["vars", "list", "--retries", "0"], { env: hostileApiEnv(server) });
    expect(result.code).toBe(5);
    expect(result.stderr.length).toBeLessThan(4_000);
  });
});

describe("deep nesting", () => {
  it("in a signed answer (5,000 nested arrays) ends in a clear invalid_response", async () => {
    const server = await startHostileServer(() => ({ text: nested(5_000) }));
    const signed = await startHostileServer(() => ({ text: nested(5_000), signed: true }));
    for (const target of [server, signed]) {
      const result = await runCli(["vars", "list", "--json", "--retries", "0"], {
        env: hostileApiEnv(target, target === server ? { LICENSECTL_VERIFY_SIGNATURE: "false" } : {}),
      });
      expect(result.code).not.toBe(EXIT_INTERNAL);
      expect(errorOf(result.stderr).code).toBe("invalid_response");
    }
  });

  it("in a server's error body (5,000 nested arrays) is reported as the server's refusal", async () => {
    const server = await startHostileServer(() => ({ status: 400, text: nested(5_000) }));
    const result = await runCli(["vars", "list", "--json", "--retries", "0"], { env: hostileApiEnv(server) });
    expect(result.code).toBe(5);
    expect(errorOf(result.stderr).code).toBe("http_400");
  });

  it("as a --file value (5,000 nested arrays) is a usage error", async () => {
    const server = await startHostileServer(() => ({ json: [], signed: true }));
    const result = await runCli(["vars", "set", "--file", "-", "--dry-run", "--json"], {
      env: hostileApiEnv(server),
      input: `{"deep": ${nested(5_000)}}`,
    });
    expect(result.code).toBe(2);
    expect(errorOf(result.stderr).code).toBe("invalid_variable");
  });
});

describe("huge listings", () => {
  it("shows a table of 130,000 rows", { timeout: 60_000 }, async () => {
    const server = await startHostileServer(() => ({ json: manyVariables(130_000), signed: true }));
    const result = await runCli(["vars", "list"], { env: hostileApiEnv(server) });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")).toHaveLength(130_000 + 2); // header, rows, final newline (no caption in a pipe)
  });

  /** A variable listing of `count` items, every one of the device asked for. */
  const listing = (count: number) =>
    startHostileServer((request) => {
      if (request.path.endsWith("/devices/"))
        return { json: [{ id: 7, hardware_id: "hw-hostile", license: 1 }] };
      if (request.method === "DELETE") return { status: 204 };
      const results = Array.from({ length: count }, (_, i) => ({
        id: i + 1,
        device: 7,
        variable: `v${i}`,
        value: 1,
      }));
      return { json: { count: results.length, next: null, previous: null, results } };
    });

  it("reads a Management API page of 150,000 items without overflowing the stack, and refuses it as over the 10,000 variables a device may list, deleting nothing", {
    timeout: 60_000,
  }, async () => {
    const server: HostileServer = await listing(150_000);
    const result = await runCli(["vars", "unset", "v149999", "--yes", "--json"], {
      env: hostileManagementEnv(server),
    });
    // A spread of the page into push() would end in a RangeError (exit 1) before the bound was checked.
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr).code).toBe("listing_too_long");
    expect(server.requests.filter((r) => r.method === "DELETE")).toHaveLength(0);
  });

  it("refuses a page of 200,000 items (over the 10 MiB a response may have) with a clear error, deleting nothing", {
    timeout: 60_000,
  }, async () => {
    const server: HostileServer = await listing(200_000);
    const result = await runCli(["vars", "unset", "v199999", "--yes", "--json"], {
      env: hostileManagementEnv(server),
    });
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr).code).toBe("response_too_large");
    expect(server.requests.filter((r) => r.method === "DELETE")).toHaveLength(0);
  });
});

describe("--timeout", () => {
  it.each(["2147483648", "99999999999999"])(
    "%s ms, more than a timer can hold, is a usage error",
    async (ms) => {
      const server = await startHostileServer(() => ({ json: [], signed: true }));
      const result = await runCli(["vars", "list", "--json", "--timeout", ms], {
        env: hostileApiEnv(server),
      });
      expect(result.code).toBe(2);
      expect(String(errorOf(result.stderr).message)).toContain("2147483647");
      expect(server.requests).toHaveLength(0);
    },
  );

  it("the largest a timer can hold is accepted", async () => {
    const server = await startHostileServer(() => ({ json: [], signed: true }));
    const result = await runCli(["vars", "list", "--json", "--timeout", "2147483647"], {
      env: hostileApiEnv(server),
    });
    expect(result.code).toBe(0);
  });

  it("from the environment, beyond a timer, is a config error naming the variable", async () => {
    const server = await startHostileServer(() => ({ json: [], signed: true }));
    const result = await runCli(["vars", "list", "--json"], {
      env: hostileApiEnv(server, { LICENSECTL_TIMEOUT: "2147483648" }),
    });
    expect([2, 3]).toContain(result.code);
    expect(String(errorOf(result.stderr).message)).toContain("LICENSECTL_TIMEOUT");
  });
});

describe("deep nesting in a config file", () => {
  it.each([
    ["a setting", (deep: string) => `{"timeout": ${deep}}`],
    ["a profile's setting", (deep: string) => `{"profiles": {"a": {"product": ${deep}}}}`],
  ])("5,000 nested arrays as %s is a config error, not a crash", async (_, content) => {
    const home = tempHome();
    writeFileSync(join(home, ".licensectlrc.json"), content(nested(5_000)));
    const result = await runCli(["--profile", "a", "config", "show", "--json"], { env: { HOME: home } });
    expect(result.code).toBe(3);
    expect(String(errorOf(result.stderr).message)).toContain("32 levels");
  });
});
