import { describe, expect, it } from "vitest";
import { errorOf, runCli } from "../helpers/cli.js";
import { hostileApiEnv, startHostileServer } from "../helpers/hostile-server.js";

describe("a hostile server's size and pace", () => {
  it("a 64 MiB answer is refused at 10 MiB, never buffered whole", async () => {
    const server = await startHostileServer(() => ({ filler: { bytes: 64 * 1024 * 1024 } }));
    const result = await runCli(["vars", "list", "--json", "--retries", "0"], { env: hostileApiEnv(server) });
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr).code).toBe("response_too_large");
  });

  it("an answer slower than --timeout ends in a timeout, not a hang", async () => {
    const server = await startHostileServer(() => ({ json: [], signed: true, delayMs: 5_000 }));
    const started = Date.now();
    const result = await runCli(["vars", "list", "--json", "--retries", "0", "--timeout", "300"], {
      env: hostileApiEnv(server),
    });
    expect(result.code).toBe(6);
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
