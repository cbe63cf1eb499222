import { describe, expect, it } from "vitest";
import { formatOffset, skewWarning } from "../../src/api/clock.js";
import { describeProxies, proxyFor, proxySettings } from "../../src/api/proxy.js";
import { BASE_DELAY_MS, backoffDelay, MAX_DELAY_MS, retryAfterMs } from "../../src/api/retry.js";
import { createFaultPlan, parseFaultRule, seededRandom } from "../../src/emulator/faults.js";

describe("backoffDelay: exponential with full jitter", () => {
  it.each([
    [1, 0.999, BASE_DELAY_MS - 1],
    [2, 0.999, 2 * BASE_DELAY_MS - 1],
    [3, 0.5, 2 * BASE_DELAY_MS],
    [1, 0, 0],
    [20, 0.999, MAX_DELAY_MS - 5],
  ])("attempt %i with random %f waits %i ms", (attempt, random, expected) => {
    expect(backoffDelay(attempt, () => random)).toBe(expected);
  });
});

describe("retryAfterMs", () => {
  const headers = (values: Record<string, string>) => new Headers(values);
  const now = Date.parse("Tue, 07 Jun 2011 20:51:35 GMT");

  it.each([
    [{ "retry-after": "3" }, 3000],
    [{ "retry-after": "0" }, 0],
    [{ "retry-after": "Tue, 07 Jun 2011 20:51:45 GMT" }, 10_000],
    [{ "retry-after": "Tue, 07 Jun 2011 20:51:45 GMT", date: "Tue, 07 Jun 2011 20:51:40 GMT" }, 5000],
    [{ "retry-after": "Tue, 07 Jun 2011 20:51:00 GMT" }, 0],
    [{ "retry-after": "soon" }, undefined],
    [{ "retry-after": "-5" }, undefined],
    [{}, undefined],
  ])("%j → %s ms (dates relative to the response's Date, else the local clock)", (values, expected) => {
    expect(retryAfterMs(headers(values), now)).toBe(expected);
  });
});

describe("clock offsets", () => {
  it.each([
    [-(20 * 60_000 + 3000), "20m 3s behind"],
    [20 * 60_000, "20m 0s ahead of"],
    [45_000, "45s ahead of"],
    [400, "in step with"],
  ])("formatOffset(%i) → %s", (localMinusServer, text) => {
    expect(formatOffset(localMinusServer)).toBe(text);
  });

  it("warns with the offset seen from this machine: a server 20 minutes ahead means a clock behind", () => {
    expect(skewWarning(20 * 60_000)).toBe(
      "this machine's clock is 20m 0s behind the server; corrected for this run — sync it (NTP).",
    );
  });
});

describe("proxy variables", () => {
  it.each([
    [{}, undefined],
    [{ HTTPS_PROXY: "" }, undefined],
    [{ HTTPS_PROXY: "http://p:1" }, { httpProxy: "", httpsProxy: "http://p:1", noProxy: "" }],
    [
      { http_proxy: "http://low:1", HTTP_PROXY: "http://UP:1", NO_PROXY: "a" },
      { httpProxy: "http://low:1", httpsProxy: "", noProxy: "a" },
    ],
  ])("%j → %j", (env, expected) => {
    expect(proxySettings(env)).toEqual(expected);
  });

  it("describes proxies without their credentials", () => {
    const text = describeProxies({ httpProxy: "", httpsProxy: "http://u:pw-9@proxy:3128", noProxy: "x" });
    expect(text).toBe("https via http://proxy:3128, not for x");
  });

  const HTTP = "http://u:pw@http-proxy:3128";
  const HTTPS = "http://https-proxy:8080";
  it.each([
    ["https://api.test/v4", {}, undefined],
    ["https://api.test/v4", { HTTPS_PROXY: HTTPS }, { origin: HTTPS, variable: "HTTPS_PROXY" }],
    [
      "https://api.test/v4",
      { HTTP_PROXY: HTTP },
      { origin: "http://http-proxy:3128", variable: "HTTP_PROXY" },
    ],
    ["https://api.test/v4", { https_proxy: HTTPS }, { origin: HTTPS, variable: "https_proxy" }],
    ["http://127.0.0.1:9/v4", { HTTPS_PROXY: HTTPS }, undefined],
    ["http://127.0.0.1:9/v4", { HTTP_PROXY: HTTP, NO_PROXY: "localhost, 127.0.0.1" }, undefined],
    ["https://eu.api.test/v4", { HTTPS_PROXY: HTTPS, NO_PROXY: ".api.test" }, undefined],
    ["https://eu.api.test/v4", { HTTPS_PROXY: HTTPS, NO_PROXY: "*" }, undefined],
    ["https://api.test/v4", { HTTPS_PROXY: HTTPS, NO_PROXY: "api.test:443" }, undefined],
    [
      "https://api.test/v4",
      { HTTPS_PROXY: HTTPS, NO_PROXY: "api.test:8443" },
      { origin: HTTPS, variable: "HTTPS_PROXY" },
    ],
    [
      "https://notapi.test/v4",
      { HTTPS_PROXY: HTTPS, NO_PROXY: "api.test" },
      { origin: HTTPS, variable: "HTTPS_PROXY" },
    ],
  ])("a request to %s with %j goes through %j", (url, env, expected) => {
    expect(proxyFor(url, env)).toEqual(expected);
  });
});

describe("fault rules", () => {
  it.each([
    ["503@0.25", { fault: { type: "status", status: 503 }, rate: 0.25 }],
    ["reset@10%", { fault: { type: "reset" }, rate: 0.1 }],
    ["stall*2", { fault: { type: "stall" }, count: 2 }],
    ["429*1", { fault: { type: "status", status: 429 }, count: 1 }],
  ])("parses %s", (text, rule) => {
    expect(parseFaultRule(text)).toEqual(rule);
  });

  it.each(["503", "503@0", "503@1.5", "200@0.5", "boom@0.5", "503*x", "reset@150%"])("refuses %s", (text) => {
    expect(() => parseFaultRule(text)).toThrow();
  });

  it("fails exactly the next n requests of a count rule", () => {
    const next = createFaultPlan([parseFaultRule("503*2")], () => 0.99);
    expect([next(), next(), next()].map((fault) => fault?.type)).toEqual(["status", "status", undefined]);
  });

  it("draws the same faults again from the same --fault-seed", () => {
    const draw = () => {
      const next = createFaultPlan([parseFaultRule("reset@0.3")], seededRandom(7));
      return Array.from({ length: 50 }, () => next()?.type ?? "-").join("");
    };
    expect(draw()).toBe(draw());
    expect(draw()).toMatch(/reset/);
    expect(draw()).toMatch(/-/);
  });
});
