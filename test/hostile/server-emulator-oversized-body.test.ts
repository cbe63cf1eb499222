import { request } from "node:http";
import { describe, expect, it, onTestFinished } from "vitest";
import { MAX_REQUEST_BYTES } from "../../src/emulator/server.js";
import { spawnCli } from "../helpers/cli.js";
import { signedRequest, startTestEmulator } from "../helpers/emulator.js";

/** `size` bytes of one JSON string: valid JSON, just too large. */
const jsonOfSize = (size: number) => `"${"x".repeat(size - 2)}"`;

describe("the emulator, sent a body over its limit", () => {
  it.each([
    ["just over the limit", MAX_REQUEST_BYTES + 1],
    ["eight times the limit", 8 * MAX_REQUEST_BYTES],
  ])("answers 413 that Node's fetch reads (%s)", async (_, size) => {
    const emulator = await startTestEmulator();
    const response = await signedRequest(emulator, "track_device_variables", {
      method: "POST",
      body: jsonOfSize(size),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "payload_too_large" });
    expect(emulator.requests.at(-1)?.status).toBe(413);
  });

  it("answers 413 that Node's fetch reads while the upload is still going on", async () => {
    const emulator = await startTestEmulator();
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const slowUpload = new ReadableStream<Uint8Array>({
      async pull(controller) {
        // Past the limit at once, then more for a while: the answer comes while the client still writes.
        if (sent > MAX_REQUEST_BYTES) await new Promise((resolve) => setTimeout(resolve, 20));
        if (sent >= 4 * MAX_REQUEST_BYTES) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${emulator.apiUrl}/track_device_variables`, {
      method: "POST",
      body: slowUpload,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "payload_too_large" });
  });

  it("answers 413 that Node's fetch reads when the body comes after its announced Content-Length", async () => {
    // The emulator refuses by the header at once; a client still to send the body must get the answer, not a
    // connection closed under it (EPIPE).
    const emulator = await startTestEmulator();
    const size = 2 * MAX_REQUEST_BYTES;
    let sent = 0;
    const lateBody = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 0) await new Promise((resolve) => setTimeout(resolve, 200));
        if (sent >= size) return controller.close();
        const chunk = new Uint8Array(Math.min(256 * 1024, size - sent)).fill(0x20);
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${emulator.apiUrl}/track_device_variables`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Content-Length": String(size) },
      body: lateBody,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "payload_too_large" });
  });

  it("run as its own process, answers 413 that Node's fetch reads to 20 MiB uploads, never EPIPE", {
    timeout: 60_000,
  }, async () => {
    // As users run it. Before the body was read to its end, most of these failed with EPIPE: the emulator
    // answered and closed while the client was still sending.
    const { child, result } = spawnCli(["emulator", "--json"]);
    onTestFinished(() => {
      child.kill("SIGTERM");
    });
    const announced = await new Promise<string>((resolve) =>
      child.stdout.once("data", (d) => resolve(String(d))),
    );
    const { apiUrl } = JSON.parse(announced) as { apiUrl: string };
    const body = "x".repeat(20 * MAX_REQUEST_BYTES);
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const outcome = await fetch(`${apiUrl}/track_device_variables`, { method: "POST", body }).then(
        (response) => String(response.status),
        (error: Error) => String((error.cause as NodeJS.ErrnoException | undefined)?.code ?? error.message),
      );
      outcomes.push(outcome);
    }
    expect(outcomes).toEqual(Array(8).fill("413"));
    child.kill("SIGTERM");
    await result;
  });

  it("answers 413 to a chunked upload without a Content-Length", async () => {
    const emulator = await startTestEmulator();
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${emulator.apiUrl}/track_device_variables`);
      const upload = request(
        url,
        { method: "POST", headers: { "Content-Type": "application/json" } },
        (answer) => {
          answer.resume();
          resolve(answer.statusCode ?? 0);
        },
      );
      upload.on("error", reject);
      for (let i = 0; i < 4; i++) upload.write(Buffer.alloc(MAX_REQUEST_BYTES / 2, 0x20));
      upload.end();
    });
    expect(status).toBe(413);
  });

  it("still answers the next request on a new connection", async () => {
    const emulator = await startTestEmulator();
    await signedRequest(emulator, "track_device_variables", {
      method: "POST",
      body: jsonOfSize(2 * MAX_REQUEST_BYTES),
    }).then((r) => r.arrayBuffer());
    const next = await signedRequest(emulator, "get_device_variables", {
      query: { product: "demo", hardware_id: "hw-0001-test", license_key: "TEST-AAAA-BBBB-CCCC" },
    });
    expect(next.status).toBe(200);
  });
});
