import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

const servers: Array<() => Promise<void>> = [];
/** Close the servers started so far (after each test file: test/helpers/after-each-file.ts). */
export async function closeTestServers(): Promise<void> {
  await Promise.all(servers.splice(0).map((close) => close()));
}

/** A plain HTTP server on 127.0.0.1 (random port) for faults the emulator does not produce. */
export async function startServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ origin: string; close: () => Promise<void>; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  servers.push(close);
  return { origin, close, server };
}

type Rewrite = (
  body: string,
  headers: Record<string, string>,
) => { body: string; headers: Record<string, string> };

/** A request handler that forwards to the upstream and passes its answer back through `rewrite`. */
export function forwardTo(upstreamOrigin: string, rewrite: Rewrite = (body, headers) => ({ body, headers })) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const upstream = new URL(request.url ?? "/", upstreamOrigin);
    const forwarded = httpRequest(
      upstream,
      { method: request.method, headers: request.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const headers: Record<string, string> = {};
          for (const [key, value] of Object.entries(answer.headers)) {
            if (typeof value === "string" && key !== "content-length") headers[key] = value;
          }
          const rewritten = rewrite(Buffer.concat(chunks).toString("utf8"), headers);
          response.writeHead(answer.statusCode ?? 502, rewritten.headers);
          response.end(rewritten.body);
        });
      },
    );
    request.pipe(forwarded);
  };
}

/**
 * A forwarding proxy that lets a test rewrite the upstream's answer (body and headers) before the client
 * sees it: a tampering man in the middle.
 */
export function startRewritingProxy(upstreamOrigin: string, rewrite: Rewrite) {
  return startServer(forwardTo(upstreamOrigin, rewrite));
}
