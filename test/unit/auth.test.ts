import { describe, expect, it } from "vitest";
import { hmacAuthorization, hmacSignature, signingString } from "../../src/api/auth.js";
import type { ResolvedSettings } from "../../src/config/resolve.js";
import { selectAuthMode } from "../../src/sessions/auth-mode.js";
import { thrownBy } from "../helpers/errors.js";

const SHARED_KEY = "kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja";

describe("HMAC signing (spec 3.1 test vectors)", () => {
  it("matches the documented vector", () => {
    expect(hmacSignature(SHARED_KEY, "Tue, 07 Jun 2011 20:51:35 GMT")).toBe(
      "UDysfR6MndUZReo07Y9r+vErn8vSxrnQ5ulit18iJ/Q=",
    );
  });

  it("matches the second vector", () => {
    expect(hmacSignature(SHARED_KEY, "Thu, 17 Nov 2022 20:51:35 GMT")).toBe(
      "ieKadwL/A4Oh/21LXnhUdC8gPAhEqppY0WsqDzzLP6g=",
    );
  });

  it("signs without a trailing newline (the third vector is the wrong form)", () => {
    expect(signingString("D")).toBe("licenseSpring\ndate: D");
    expect(hmacSignature(SHARED_KEY, "Tue, 07 Jun 2011 20:51:35 GMT")).not.toBe(
      "klTwb9t6gh5JzO1hH3O5pGUg0iL9yhWJFd5X24C6oFM=",
    );
  });

  it("builds the Authorization header the SDK sends", () => {
    expect(hmacAuthorization("KEY", SHARED_KEY, "Tue, 07 Jun 2011 20:51:35 GMT")).toBe(
      'algorithm="hmac-sha256",headers="date",signature="UDysfR6MndUZReo07Y9r+vErn8vSxrnQ5ulit18iJ/Q=",apikey="KEY"',
    );
  });
});

describe("selectAuthMode", () => {
  const env = (name: string) => ({ type: "env", name }) as const;
  const setting = (value: string, name: string) => ({ value, source: env(name) });

  it("uses API key mode with apiKey and sharedKey", () => {
    const settings: ResolvedSettings = {
      apiKey: setting("k", "LICENSECTL_API_KEY"),
      sharedKey: setting("s", "LICENSECTL_SHARED_KEY"),
    };
    expect(selectAuthMode(settings)).toEqual({ type: "api-key", apiKey: "k", sharedKey: "s" });
  });

  it("prefers OAuth when client credentials are complete", () => {
    const settings: ResolvedSettings = {
      apiKey: setting("k", "LICENSECTL_API_KEY"),
      sharedKey: setting("s", "LICENSECTL_SHARED_KEY"),
      clientId: setting("id", "LICENSECTL_CLIENT_ID"),
      clientSecret: setting("secret", "LICENSECTL_CLIENT_SECRET"),
      tokenUrl: { value: "https://auth.example/token", source: { type: "default" } },
    };
    expect(selectAuthMode(settings).type).toBe("oauth");
  });

  it("names both ways to authenticate when nothing is set", () => {
    const error = thrownBy(() => selectAuthMode({}));
    expect(error.kind).toBe("config");
    expect(error.hint).toContain("LICENSECTL_API_KEY");
    expect(error.hint).toContain("LICENSECTL_CLIENT_SECRET");
  });

  it("names the missing half of a pair without showing the secret", () => {
    const error = thrownBy(() =>
      selectAuthMode({ apiKey: setting("super-secret-key", "LICENSECTL_API_KEY") }),
    );
    expect(error.message).toContain("sharedKey is missing");
    expect(error.message).not.toContain("super-secret-key");
  });
});
