import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runCli, spawnCli, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, startTestEmulator } from "../helpers/emulator.js";
import { forwardTo, startServer } from "../helpers/http.js";

/**
 * A proxy on 127.0.0.1 that speaks both ways clients use one: absolute-form requests for http:// targets
 * and CONNECT tunnels for https:// ones. It records what it carried.
 */
async function startProxy() {
  const carried: string[] = [];
  const proxy = await startServer((request, response) => {
    carried.push(`${request.method} ${request.url}`);
    forwardTo(new URL(request.url ?? "").origin)(request, response);
  });
  proxy.server.on("connect", (request, client, head: Buffer) => {
    carried.push(`CONNECT ${request.url}`);
    const [host = "", port = ""] = (request.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  return { ...proxy, carried };
}

/** Is the openssl CLI here to make a throwaway certificate? (It is on Debian and on CI.) */
function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** An https:// front for the emulator, with a self-signed certificate for 127.0.0.1 made for this run. */
async function startHttpsFront(upstreamOrigin: string) {
  const dir = tempHome();
  const [key, cert] = [join(dir, "key.pem"), join(dir, "cert.pem")];
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", key, "-out", cert],
      ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
    ],
    { stdio: "ignore" },
  );
  const server = createHttpsServer(
    { key: readFileSync(key), cert: readFileSync(cert) },
    forwardTo(upstreamOrigin),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, cert, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The origin of a server that was just closed: connections to it are refused. */
async function deadOrigin(): Promise<string> {
  const dead = await startServer(() => {});
  await dead.close();
  return dead.origin;
}

let emulator: RunningEmulator;
let proxy: Awaited<ReturnType<typeof startProxy>>;
let front: Awaited<ReturnType<typeof startHttpsFront>> | undefined;
beforeAll(async () => {
  emulator = await startTestEmulator();
  proxy = await startProxy();
  if (hasOpenssl()) front = await startHttpsFront(emulator.origin);
});
afterAll(async () => {
  await front?.close();
});

describe("proxies", () => {
  it("sends http:// requests through HTTP_PROXY in absolute form, hiding the proxy's password", async () => {
    const { port } = new URL(proxy.origin);
    const result = await runCli(["vars", "list", "--debug"], {
      env: apiKeyEnv(emulator, { HTTP_PROXY: `http://me:proxy-pass-123@127.0.0.1:${port}` }),
    });
    expect(result.code).toBe(0);
    expect(proxy.carried.at(-1)).toMatch(new RegExp(`^GET ${emulator.apiUrl}/get_device_variables\\?`));
    expect(result.stderr).toContain(`debug: proxy: http via http://127.0.0.1:${port}`);
    expect(result.stderr).not.toContain("proxy-pass-123");
  });

  it.skipIf(!hasOpenssl())("tunnels https:// requests through HTTPS_PROXY with CONNECT", async () => {
    if (!front) throw new Error("no https front");
    const before = emulator.requests.length;
    // Spawned: Node reads NODE_EXTRA_CA_CERTS once, when a process starts.
    const { result: run } = spawnCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, {
        LICENSECTL_API_URL: `${front.origin}/api/v4`,
        HTTPS_PROXY: proxy.origin,
        NODE_EXTRA_CA_CERTS: front.cert,
      }),
    });
    const result = await run;
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(proxy.carried.at(-1)).toBe(`CONNECT ${new URL(front.origin).host}`);
    expect(emulator.requests.length).toBe(before + 1);
  });

  it("bypasses the proxy for hosts in NO_PROXY", async () => {
    const before = proxy.carried.length;
    const result = await runCli(["vars", "list"], {
      env: apiKeyEnv(emulator, { HTTP_PROXY: proxy.origin, NO_PROXY: "localhost,127.0.0.1" }),
    });
    expect(result.code).toBe(0);
    expect(proxy.carried.length).toBe(before);
  });

  it("sends doctor's reachability check through the proxy too", async () => {
    const result = await runCli(["doctor", "--json"], {
      env: apiKeyEnv(emulator, { HTTP_PROXY: proxy.origin }),
    });
    expect(result.code).toBe(0);
    expect(proxy.carried).toContain(`GET ${emulator.apiUrl}/.well-known`);
  });

  it("names a dead proxy, not the API, and says how to bypass it, without the proxy's password", async () => {
    const dead = await deadOrigin();
    const result = await runCli(["vars", "list", "--json", "--retries", "0"], {
      env: apiKeyEnv(emulator, { HTTP_PROXY: dead.replace("//", "//me:proxy-pass-123@") }),
    });
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr)).toMatchObject({
      code: "connection_failed",
      message: `Could not reach the proxy ${dead} (HTTP_PROXY): connection refused (ECONNREFUSED).`,
      hint: `Check that the proxy ${dead} is running and can reach ${new URL(emulator.apiUrl).host}, or add 127.0.0.1 to NO_PROXY to connect to it directly.`,
    });
    expect(result.stderr).not.toContain("proxy-pass-123");
  });

  it("fails doctor's reachability check behind a dead proxy, naming the proxy", async () => {
    const dead = await deadOrigin();
    const result = await runCli(["doctor", "--json"], { env: apiKeyEnv(emulator, { HTTP_PROXY: dead }) });
    expect(result.code).toBe(6);
    const report = JSON.parse(result.stdout) as {
      checks: Array<{ name: string; status: string; detail: string }>;
    };
    expect(report.checks.find((check) => check.name === "API reachable")).toMatchObject({
      status: "fail",
      detail: `Could not reach the proxy ${dead} (HTTP_PROXY): connection refused (ECONNREFUSED).`,
    });
  });

  it("says when the proxy refuses to open a tunnel to an https:// API, with the proxy's status", async () => {
    const refusing = await startServer(() => {});
    refusing.server.on("connect", (_request, client) => client.end("HTTP/1.1 403 Forbidden\r\n\r\n"));
    const host = new URL(emulator.apiUrl).host;
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, {
        LICENSECTL_API_URL: `https://${host}/api/v4`,
        HTTPS_PROXY: refusing.origin,
      }),
    });
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr).message).toBe(
      `The proxy ${refusing.origin} (HTTPS_PROXY) did not open a tunnel to ${host}: it answered HTTP 403.`,
    );
  });

  it("fails with exit 6 naming the cause when the proxy cannot be reached, after retrying", async () => {
    const dead = await startServer(() => {});
    await dead.close();
    const result = await runCli(["vars", "list", "--json", "--retries", "1"], {
      env: apiKeyEnv(emulator, { HTTP_PROXY: dead.origin }),
    });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain("Gave up after 2 attempts");
  });
});
