import { once } from "node:events";
import { createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { nodeFetch } from "../../src/api/node-fetch.js";

/**
 * A server speaking just enough HTTP/1.1: it answers the first request of each connection, keeps the
 * connection alive, and resets it (TCP RST) when a second request arrives on it, as a server whose idle
 * timeout closed the socket just as the client reused it.
 */
async function resettingServer() {
  const connections: Socket[] = [];
  const server = createServer((socket) => {
    connections.push(socket);
    let requests = 0;
    socket.on("data", () => {
      requests++;
      if (requests === 1) {
        socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok");
      } else socket.resetAndDestroy();
    });
    socket.on("error", () => {});
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  opened.push(server);
  return { url: `http://127.0.0.1:${address.port}/x`, connections };
}

const opened: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of opened.splice(0)) server.close();
});

async function fetchText(url: string, method: string) {
  const response = await nodeFetch(url, {
    method,
    headers: { Connection: "keep-alive" },
    signal: new AbortController().signal,
  });
  let text = "";
  for await (const chunk of response.body ?? []) text += Buffer.from(chunk).toString();
  return { status: response.status, text };
}

describe("a keep-alive socket the server reset as it was reused", () => {
  it("an idempotent request (GET, DELETE) is sent once more on a fresh socket", async () => {
    for (const method of ["GET", "DELETE"]) {
      const server = await resettingServer();
      expect(await fetchText(server.url, method)).toEqual({ status: 200, text: "ok" });
      expect(await fetchText(server.url, method)).toEqual({ status: 200, text: "ok" });
      expect(server.connections).toHaveLength(2);
    }
  });

  it("a POST is not sent again: the reset is the caller's to judge", async () => {
    const server = await resettingServer();
    await fetchText(server.url, "POST");
    await expect(fetchText(server.url, "POST")).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(server.connections).toHaveLength(1);
  });
});
