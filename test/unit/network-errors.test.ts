import { describe, expect, it } from "vitest";
import { afterAttempts, mayHaveBeenCarriedOut, toNetworkError } from "../../src/api/network-errors.js";
import { CliError } from "../../src/core/cli-error.js";
import { transportAdvice } from "../../src/sessions/error-advice.js";

/** The shape fetch rejects with: a TypeError whose cause carries the system error code and message. */
const fetchFailure = (code: string, message = code) =>
  Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(message), { code }) });

const proxy = { origin: "http://proxy.internal:3128", variable: "HTTPS_PROXY" };
const context = { host: "api.example.com", timeoutMs: 5000 };
const through = { ...context, proxy };
/** The advice the command layer words from the transport's facts, for a run whose apiUrl is the default. */
const advice = (error: CliError) =>
  transportAdvice(error, {
    urlKey: "apiUrl",
    url: { value: "https://api.example.com/api/v4", source: { type: "default" } },
  });
const UNREACHABLE = "Check apiUrl https://api.example.com/api/v4 (default) and your network or proxy.";

describe("toNetworkError names the party that failed", () => {
  const cases: Array<[string, unknown, boolean, typeof context, string]> = [
    [
      "a refused direct connection names the API host",
      fetchFailure("ECONNREFUSED"),
      false,
      context,
      "Could not reach api.example.com: connection refused (ECONNREFUSED).",
    ],
    [
      "a refused connection behind a proxy names the proxy, without credentials",
      fetchFailure("ECONNREFUSED"),
      false,
      through,
      "Could not reach the proxy http://proxy.internal:3128 (HTTPS_PROXY): connection refused (ECONNREFUSED).",
    ],
    [
      "an unknown proxy host names the proxy",
      fetchFailure("ENOTFOUND"),
      false,
      through,
      "Could not reach the proxy http://proxy.internal:3128 (HTTPS_PROXY): host name not found (ENOTFOUND).",
    ],
    [
      "a connection lost behind a proxy names both",
      fetchFailure("ECONNRESET"),
      false,
      through,
      "Could not reach api.example.com through the proxy http://proxy.internal:3128 (HTTPS_PROXY): connection reset (ECONNRESET).",
    ],
    [
      "a CONNECT the proxy refused gives the proxy's status",
      fetchFailure("UND_ERR_ABORTED", "Proxy response (403) !== 200 when HTTP Tunneling"),
      false,
      through,
      "The proxy http://proxy.internal:3128 (HTTPS_PROXY) did not open a tunnel to api.example.com: it answered HTTP 403.",
    ],
    [
      "a timeout behind a proxy names the proxy",
      new Error("timeout"),
      true,
      through,
      "No complete response from api.example.com through the proxy http://proxy.internal:3128 within 5000 ms.",
    ],
  ];
  it.each(cases)("%s", (_behaviour, error, timedOut, ctx, message) => {
    expect(toNetworkError(error, timedOut, ctx).message).toBe(message);
  });

  it("reports facts and no advice: the host, the time budget, the proxy", () => {
    const error = toNetworkError(fetchFailure("ECONNREFUSED"), false, through);
    expect(error.hint).toBeUndefined();
    expect(error.facts).toMatchObject({ host: "api.example.com", timeoutMs: 5000, proxy: proxy.origin });
  });

  it("tells how to fix the proxy, or bypass it with NO_PROXY, instead of the direct-connection hint", () => {
    const hint = advice(toNetworkError(fetchFailure("ECONNREFUSED"), false, through));
    expect(hint).toBe(
      "Check that the proxy http://proxy.internal:3128 is running and can reach api.example.com, or add api.example.com to NO_PROXY to connect to it directly.",
    );
    expect(advice(toNetworkError(fetchFailure("ECONNREFUSED"), false, context))).toBe(UNREACHABLE);
  });
});

describe("toNetworkError hints by how far the exchange got", () => {
  it("gives the unreachable hint only when nothing answered", () => {
    expect(advice(toNetworkError(fetchFailure("ECONNRESET"), false, context))).toBe(UNREACHABLE);
    expect(advice(toNetworkError(fetchFailure("ECONNRESET"), false, { ...context, answered: 200 }))).toBe(
      "The connection broke while the server was answering: retry, or check your network or proxy.",
    );
  });

  it.each([
    [undefined, "No answer came within the time budget: check that the URL is the right one,"],
    [200, "The server began answering but did not finish within the time budget:"],
  ])(
    "gives a timeout (answered: %s) the time budget's advice, never the unreachable hint",
    (answered, start) => {
      const hint = advice(toNetworkError(new Error("timeout"), true, { ...context, answered }));
      expect(hint).toBe(
        `${start} allow more time with --timeout <ms> (LICENSECTL_TIMEOUT), check your network or proxy, or retry later.`,
      );
    },
  );

  it("adds the proxy's advice to a timeout behind a proxy", () => {
    expect(advice(toNetworkError(new Error("timeout"), true, { ...through, answered: 200 }))).toMatch(
      /or retry later\. Check that the proxy http:\/\/proxy\.internal:3128 is running/,
    );
  });
});

describe("afterAttempts", () => {
  const failure = new CliError(
    "network",
    "Could not reach api.example.com: host name not found (ENOTFOUND).",
  );
  const attempts = { made: 3, allowed: 4, retried: ["HTTP 503", "timeout"], timeoutMs: 5000 };

  it.each([
    [
      "a final answer",
      undefined,
      "Could not reach api.example.com: host name not found (ENOTFOUND) (attempt 3 of 4; attempts 1–2: HTTP 503, timeout).",
    ],
    [
      "no retries left",
      "retries",
      "Gave up after 3 attempts: Could not reach api.example.com: host name not found (ENOTFOUND).",
    ],
    [
      "no time left",
      "time",
      "Gave up after 3 attempts, out of time (time budget 5000 ms): Could not reach api.example.com: host name not found (ENOTFOUND).",
    ],
  ] as const)("tells a run that stopped on %s: %s", (_, ranOutOf, message) => {
    expect(afterAttempts(failure, { ...attempts, ranOutOf }).message).toBe(message);
  });

  it("leaves a failure on the first attempt as it is", () => {
    expect(afterAttempts(failure, { ...attempts, made: 1, retried: [], ranOutOf: "time" })).toBe(failure);
  });
});

describe("mayHaveBeenCarriedOut", () => {
  it.each([
    ["a timeout", toNetworkError(new Error("timeout"), true, context), true],
    ["a connection reset", toNetworkError(fetchFailure("ECONNRESET"), false, context), true],
    ["a socket closed by the server", toNetworkError(fetchFailure("UND_ERR_SOCKET"), false, context), true],
    ["a refused connection", toNetworkError(fetchFailure("ECONNREFUSED"), false, context), false],
    ["an unknown host", toNetworkError(fetchFailure("ENOTFOUND"), false, context), false],
    [
      "an HTTP error status",
      new CliError("network", "Server Error", { code: "http_500", status: 500 }),
      false,
    ],
  ])("%s: may have been carried out = %s", (_what, error, expected) => {
    expect(mayHaveBeenCarriedOut(error)).toBe(expected);
  });
});
