import { once } from "node:events";
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { spawnCli } from "../helpers/cli.js";
import { apiKeyEnv, startTestEmulator } from "../helpers/emulator.js";
import { startServer } from "../helpers/http.js";

/** A server that never answers; resolves each request as it arrives, so the test can act mid-request. */
async function silentServer() {
  const arrivals: IncomingMessage[] = [];
  let arrived: (request: IncomingMessage) => void = () => {};
  const server = await startServer((request) => {
    arrivals.push(request);
    arrived(request);
  });
  const nextRequest = () =>
    new Promise<IncomingMessage>((resolve) => {
      arrived = resolve;
    });
  return { ...server, nextRequest, arrivals };
}

describe("signals", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s during a request aborts it and exits %i with one short line", async (signal, exit) => {
    const emulator = await startTestEmulator();
    const server = await silentServer();
    const request = server.nextRequest();
    const { child, result } = spawnCli(["vars", "list"], {
      env: apiKeyEnv(emulator, { LICENSECTL_API_URL: server.origin, LICENSECTL_TIMEOUT: "600000" }),
    });
    const arrived = await request;
    const aborted = once(arrived.socket, "close");
    child.kill(signal);
    const { code, stdout, stderr } = await result;
    expect(code).toBe(exit);
    expect(stdout).toBe("");
    expect(stderr).toBe(`Interrupted (${signal}).\n`);
    await aborted; // the request in flight was abandoned, not left open
    expect(server.arrivals).toHaveLength(1);
  });
});

describe("closed pipes", () => {
  it.each([[["vars", "set", "--help"]], [["vars", "list"]]])(
    "%j exits quietly when the reader of stdout went away",
    async (args) => {
      const emulator = await startTestEmulator();
      const { child, result } = spawnCli(args, { env: apiKeyEnv(emulator) });
      child.stdout.destroy(); // like `| head -1` having exited: every write to stdout now fails with EPIPE
      const { code, stderr } = await result;
      expect(stderr).toBe("");
      expect(code).toBe(0);
    },
  );
});
