import { sign } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { generateSigningKeys, type KeyPair } from "../../src/emulator/keys.js";

/** What the scripted server was asked. */
export interface ScriptedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
}

export interface ScriptedServer {
  readonly apiUrl: string;
  /** The PEM public key that verifies its LicenseSignature (pass it as LICENSECTL_PUBLIC_KEY). */
  readonly publicKeyPem: string;
  readonly requests: ScriptedRequest[];
}

let keyPair: KeyPair | undefined;
const servers: Array<ReturnType<typeof createServer>> = [];
/** Close the scripted servers started so far (after each test file: test/helpers/after-each-file.ts). */
export async function closeScriptedServers(): Promise<void> {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
}

/**
 * A License API on 127.0.0.1 that answers every request with `answer(request)` as a 200 JSON body, signed
 * like the emulator signs (RSA-SHA256, LicenseSignature): a server whose answers are authentic but wrong for
 * the question, which no correct emulator produces. Accepts any credentials. Closed after the test file.
 */
export async function startScriptedLicenseServer(
  answer: (request: ScriptedRequest) => unknown,
): Promise<ScriptedServer> {
  keyPair ??= generateSigningKeys();
  const keys = keyPair;
  const requests: ScriptedRequest[] = [];
  const server = createServer((request, response) => {
    let text = "";
    request.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk;
    });
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://scripted");
      const asked: ScriptedRequest = {
        method: request.method ?? "",
        path: url.pathname.replace(/^\/api\/v4\//, ""),
        query: Object.fromEntries(url.searchParams),
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(asked);
      const body = JSON.stringify(answer(asked));
      response.writeHead(200, {
        "Content-Type": "application/json",
        Date: new Date().toUTCString(),
        LicenseSignature: sign("sha256", Buffer.from(body), keys.privateKey).toString("base64"),
      });
      response.end(body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/v4`,
    publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
    requests,
  };
}
