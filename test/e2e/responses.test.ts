import { generateKeyPairSync, sign } from "node:crypto";
import type { ServerResponse } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { parseFaultRule } from "../../src/emulator/faults.js";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { runCli } from "../helpers/cli.js";
import { apiKeyEnv, startTestEmulator } from "../helpers/emulator.js";
import { startServer } from "../helpers/http.js";

// Hostile or broken answers end in a clear error with the right exit code: never a stack trace, never a hang.

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const publicKeyPem = keys.publicKey.export({ type: "spki", format: "pem" }).toString();

/** Answer 200 with a body correctly signed by this test's own key: only its shape can be wrong. */
function signed(response: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  const signature = sign("sha256", Buffer.from(text), keys.privateKey).toString("base64");
  response.writeHead(200, { "Content-Type": "application/json", LicenseSignature: signature });
  response.end(text);
}

async function listAgainst(handler: Parameters<typeof startServer>[0], args: string[] = []) {
  let requests = 0;
  const server = await startServer((request, response) => {
    requests++;
    handler(request, response);
  });
  const env = apiKeyEnv(emulator, { LICENSECTL_API_URL: server.origin, LICENSECTL_PUBLIC_KEY: publicKeyPem });
  const result = await runCli(["vars", "list", "--json", ...args], { env });
  expect(result.stdout).toBe("");
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  const { error } = JSON.parse(result.stderr) as { error: Record<string, unknown> };
  return { ...result, error, requests };
}

describe("bounded, verified responses", () => {
  it("retries an HTML 502 page from a proxy, then exits 6", async () => {
    const result = await listAgainst(
      (_req, res) => {
        res.writeHead(502, { "Content-Type": "text/html" });
        res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      },
      ["--retries", "2"],
    );
    expect(result.code).toBe(6);
    expect(result.requests).toBe(3);
    expect(result.error).toMatchObject({ kind: "network", code: "http_502", status: 502 });
    expect(result.error.message).toMatch(/^Gave up after 3 attempts/);
  });

  it("exits 6 on signed JSON of the wrong shape", async () => {
    const result = await listAgainst((_req, res) => signed(res, { variables: { a: "1" } }));
    expect(result.code).toBe(6);
    expect(result.error).toMatchObject({ kind: "network", code: "invalid_response" });
    expect(result.requests).toBe(1);
  });

  it("exits 6 on a body over 10 MiB, without reading it whole", async () => {
    const result = await listAgainst((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      const chunk = Buffer.alloc(1024 * 1024, " ");
      res.write("[");
      for (let i = 0; i < 11; i++) res.write(chunk);
      res.end("]");
    });
    expect(result.code).toBe(6);
    expect(result.error).toMatchObject({ code: "response_too_large" });
    expect(result.requests).toBe(1);
  });

  it("exits 6 within --timeout when the server sends headers and part of the body, then stalls", async () => {
    const result = await listAgainst(
      (_req, res) => {
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "1000" });
        res.write('[{"variable":"');
      },
      ["--timeout", "800"],
    );
    expect(result.code).toBe(6);
    expect(result.error).toMatchObject({ code: "timeout" });
    expect(result.error.message).toContain("within 800 ms");
  });

  it("exits 7 on a 200 whose signature cannot be checked", async () => {
    const result = await listAgainst((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", LicenseSignature: "not base64 at all!" });
      res.end("[]");
    });
    expect(result.code).toBe(7);
    expect(result.error).toMatchObject({ kind: "verification", code: "signature_invalid" });
  });

  it("exits 6 when the emulator stalls mid-body (--fail stall)", async () => {
    const stalling = await startTestEmulator({ faults: [parseFaultRule("stall*1")] });
    const result = await runCli(["vars", "list", "--json", "--timeout", "800"], { env: apiKeyEnv(stalling) });
    expect(result.code).toBe(6);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: "timeout" } });
    expect(stalling.requests).toHaveLength(1);
  });
});
