import { describe, expect, it } from "vitest";
import { type HttpRequest, send, type TransportOptions } from "../../src/api/http.js";
import { createManagementApi } from "../../src/api/management.js";
import type { RetryDeps } from "../../src/api/retry.js";
import { CliError } from "../../src/core/cli-error.js";
import { Interrupted } from "../../src/terminal/interrupt.js";
import { startServer } from "../helpers/http.js";

/** A server on 127.0.0.1 that answers from a script, one status (and headers) per request. */
async function scripted(...answers: Array<number | [number, Record<string, string>]>) {
  let served = 0;
  const server = await startServer((_req, res) => {
    const answer = answers[Math.min(served++, answers.length - 1)] ?? 200;
    const [status, headers] = typeof answer === "number" ? [answer, {}] : answer;
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end("[]");
  });
  return { ...server, served: () => served };
}

/** Waits are recorded and skipped; jitter is pinned at half its range. */
function deps(): RetryDeps & { waits: number[] } {
  const waits: number[] = [];
  return { waits, random: () => 0.5, now: Date.now, sleep: async (ms) => void waits.push(ms) };
}

function options(retryDeps: RetryDeps, extra: Partial<TransportOptions> = {}): TransportOptions {
  return { timeoutMs: 10_000, retries: 3, debug: () => {}, retryDeps, ...extra };
}

const get =
  (origin: string, prepared: HttpRequest[] = []) =>
  () => {
    const request: HttpRequest = {
      method: "GET",
      url: `${origin}/x`,
      headers: { Date: new Date().toUTCString() },
    };
    prepared.push(request);
    return request;
  };

describe("send: retries", () => {
  it("retries 503 with exponential full-jitter backoff, preparing (signing) each attempt afresh", async () => {
    const server = await scripted(503, 503, 200);
    const retry = deps();
    const prepared: HttpRequest[] = [];
    const response = await send(get(server.origin, prepared), options(retry));
    expect(response).toMatchObject({ status: 200, attempts: { made: 3, retried: ["HTTP 503", "HTTP 503"] } });
    expect(retry.waits).toEqual([100, 200]);
    expect(prepared).toHaveLength(3);
  });

  it("waits what Retry-After asks instead of the backoff", async () => {
    const server = await scripted([429, { "Retry-After": "7" }], 200);
    const retry = deps();
    await send(get(server.origin), options(retry));
    expect(retry.waits).toEqual([7000]);
  });

  it("stops before a wait that would overrun the timeout budget, returning the last answer", async () => {
    const server = await scripted([503, { "Retry-After": "60" }], 200);
    const retry = deps();
    const response = await send(get(server.origin), options(retry, { timeoutMs: 5000 }));
    expect(response).toMatchObject({ status: 503, attempts: { made: 1, ranOutOf: "time" } });
    expect(retry.waits).toEqual([]);
  });

  it("returns the last retryable answer after retries + 1 attempts", async () => {
    const server = await scripted(502);
    const response = await send(get(server.origin), options(deps(), { retries: 2 }));
    expect(response).toMatchObject({ status: 502, attempts: { made: 3, ranOutOf: "retries" } });
    expect(server.served()).toBe(3);
  });

  it.each([400, 401, 404, 409, 500, 501])("never retries HTTP %i", async (status) => {
    const server = await scripted(status, 200);
    const response = await send(get(server.origin), options(deps()));
    expect(response).toMatchObject({ status, attempts: { made: 1, ranOutOf: undefined } });
  });

  it("retries a refused connection, then reports how many attempts it spent", async () => {
    const server = await scripted(200);
    await server.close();
    const retry = deps();
    const error = await send(get(server.origin), options(retry, { retries: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(
      /^Gave up after 3 attempts: Could not reach .*connection refused/,
    );
    expect(retry.waits).toEqual([100, 200]);
  });

  it("stops at once with the interrupt's reason when the signal aborts during a wait", async () => {
    const server = await scripted(503, 200);
    const controller = new AbortController();
    const retry = { ...deps(), sleep: async () => controller.abort(new Interrupted("SIGINT")) };
    const signal = controller.signal;
    const error = await send(get(server.origin), options(retry, { signal })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Interrupted);
    expect(server.served()).toBe(1);
  });
});

describe("Management API", () => {
  it("retries a list call, but never a DELETE (its lost answer may hide a delete that happened)", async () => {
    const server = await scripted(503, 503, [200, {}]);
    const api = createManagementApi({
      ...options(deps()),
      baseUrl: server.origin,
      apiKey: "key-1",
      userAgent: "test",
    });
    await expect(api.delete("device-variables/7")).rejects.toMatchObject({ status: 503 });
    expect(server.served()).toBe(1);
    await api.list("devices", {});
    expect(server.served()).toBe(3);
  });
});
