import { describe, expect, it } from "vitest";
import { CliError } from "../../src/core/cli-error.js";
import { runCli } from "../helpers/cli.js";
import { hostileApiEnv, startHostileServer } from "../helpers/hostile-server.js";
import { captureOutput } from "../helpers/streams.js";

const KEY = "mgmt-7f3c9a1e5b2d4c6e8f0a1b3c5d7e9f1";

describe("secrets are redacted before a message is cut", () => {
  it("--json: a 1,968-character message followed by the management key shows none of the key", () => {
    const { out, streams } = captureOutput({ json: true });
    out.addSecret(KEY);
    out.error(new CliError("api", `${"x".repeat(1_968)}${KEY}`, { hint: `${"y".repeat(1_990)}${KEY}` }));
    expect(streams.stderr).not.toContain(KEY.slice(0, 8));
  });

  it("text: the same message shows none of the key", () => {
    const { out, streams } = captureOutput();
    out.addSecret(KEY);
    out.error(new CliError("api", `${"x".repeat(1_968)}${KEY}`));
    out.warn(`${"x".repeat(1_990)}${KEY}`);
    expect(streams.stderr).not.toContain(KEY.slice(0, 8));
  });
});

describe("secrets are redacted in their URL-encoded and Base64 forms too", () => {
  it("an OAuth token endpoint echoing the form-encoded client secret does not reveal it", async () => {
    const secret = "s3cr3t+/=value&x";
    const server = await startHostileServer(() => ({
      status: 401,
      json: {
        error: "invalid_client",
        error_description: "bad client_secret=s3cr3t%2B%2F%3Dvalue%26x, lower s3cr3t%2b%2f%3dvalue%26x",
      },
    }));
    const env = hostileApiEnv(server, {
      LICENSECTL_API_KEY: "",
      LICENSECTL_SHARED_KEY: "",
      LICENSECTL_CLIENT_ID: "client",
      LICENSECTL_CLIENT_SECRET: secret,
      LICENSECTL_TOKEN_URL: `${server.origin}/oauth/token`,
    });
    for (const json of [[], ["--json"]]) {
      const run = await runCli(["vars", "list", ...json], { env });
      expect(run.code).not.toBe(0);
      expect(run.stderr.toLowerCase()).not.toContain("s3cr3t%2b");
      expect(run.stderr).not.toContain(secret);
    }
  });

  it("a Base64 echo of a secret (as in Basic authorization) does not reveal it", () => {
    const { out, streams } = captureOutput();
    out.addSecret(KEY);
    const base64 = Buffer.from(KEY).toString("base64");
    out.warn(`server said: Authorization: Basic ${base64} and ${Buffer.from(KEY).toString("base64url")}`);
    expect(streams.stderr).not.toContain(base64.slice(0, 20));
  });
});
