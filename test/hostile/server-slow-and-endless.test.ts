import { describe, expect, it } from "vitest";
import { errorOf, runCli } from "../helpers/cli.js";
import { hostileApiEnv, hostileManagementEnv, startHostileServer } from "../helpers/hostile-server.js";

describe("a hostile server's size and pace", () => {
  it("a 64 MiB answer is refused at 10 MiB, never buffered whole", async () => {
    const server = await startHostileServer(() => ({ filler: { bytes: 64 * 1024 * 1024 } }));
    const result = await runCli(["vars", "list", "--json", "--retries", "0"], { env: hostileApiEnv(server) });
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr).code).toBe("response_too_large");
  });

  it("an answer slower than --timeout ends in a timeout, not a hang", async () => {
    // The answer is held until the run has ended: only the client's own time budget can end it.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await startHostileServer(() => ({ json: [], signed: true, until: held }));
    try {
      const result = await runCli(["vars", "list", "--json", "--retries", "0", "--timeout", "300"], {
        env: hostileApiEnv(server),
      });
      expect(result.code).toBe(6);
      expect(errorOf(result.stderr).code).toBe("timeout");
    } finally {
      release();
    }
  });
});

describe("a server that keeps idle connections open", () => {
  it("does not keep vars unset running after its DELETE's 204", { timeout: 30_000 }, async () => {
    const server = await startHostileServer(
      (request) => {
        if (request.path.endsWith("/devices/"))
          return { json: [{ id: 7, hardware_id: "hw-hostile", license: 1 }] };
        if (request.method === "DELETE") return { status: 204 };
        return { json: [{ id: 70, device: 7, variable: "channel", value: "beta" }] };
      },
      { keepIdleConnections: true },
    );
    // The server never closes an idle connection: a run that waited for it would end at the test's timeout.
    const result = await runCli(["vars", "unset", "channel", "--yes", "--json"], {
      env: hostileManagementEnv(server),
    });
    expect(result.code).toBe(0);
  });
});
