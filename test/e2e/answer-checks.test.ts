import { describe, expect, it } from "vitest";
import { errorOf, runCli } from "../helpers/cli.js";
import { startScriptedLicenseServer } from "../helpers/scripted-license-server.js";

const DEVICE = 1698663677416479;
const OTHER_DEVICE = 1698663677416480;

/** licensectl pointed at a scripted server: signed answers that may not answer the question. */
async function against(answer: Parameters<typeof startScriptedLicenseServer>[0]) {
  const server = await startScriptedLicenseServer(answer);
  const env = {
    LICENSECTL_API_URL: server.apiUrl,
    LICENSECTL_API_KEY: "any-key",
    LICENSECTL_SHARED_KEY: "any-shared-key",
    LICENSECTL_PUBLIC_KEY: server.publicKeyPem,
    LICENSECTL_PRODUCT: "demo",
    LICENSECTL_LICENSE_KEY: "TEST-AAAA",
    LICENSECTL_HARDWARE_ID: "hw-1",
  };
  return { server, run: (args: string[]) => runCli(args, { env }) };
}

const entry = (variable: string, value: unknown, device_id = DEVICE) => ({
  variable,
  value,
  device_id,
  // A write's answer must be fresh (written during the request): dated now.
  created_at: Date.now(),
});

describe("vars set: the answer must confirm every variable sent", () => {
  it("fails with exit 7 and reports nothing as written when a variable is missing from the answer", async () => {
    const { run } = await against(() => [entry("a", "1")]);
    const result = await run(["vars", "set", "a=1", "b=two", "--json"]);
    expect(result.code).toBe(7);
    expect(result.stdout).toBe("");
    expect(errorOf(result.stderr)).toMatchObject({ code: "unconfirmed_write" });
    expect(String(errorOf(result.stderr).message)).toContain('"b" is missing');
  });

  it("fails with exit 7 when the answer holds another value than the one sent", async () => {
    const { run } = await against(() => [entry("a", "2")]);
    const result = await run(["vars", "set", "a=1"]);
    expect(result.code).toBe(7);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain('"a" is "2", not the "1" sent');
  });

  it("accepts another spelling of a number or boolean sent, never another value", async () => {
    const { run } = await against(() => [entry("seats", "5.0"), entry("beta", "True"), entry("name", "Ann")]);
    expect((await run(["vars", "set", "seats=5", "beta=true", "name=Ann"])).code).toBe(0);
    const wrong = await against(() => [entry("seats", "6"), entry("beta", "yes")]);
    const result = await wrong.run(["vars", "set", "seats=5", "beta=true"]);
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('"seats" is "6", not the "5" sent; "beta" is "yes", not the "true" sent');
  });

  it("accepts values compared as the server stores them: a number sent comes back a string", async () => {
    const { run, server } = await against(() => [entry("seats", "5"), entry("beta", "true")]);
    const result = await run(["vars", "set", "seats=5", "beta=true", "--json"]);
    expect(result.code).toBe(0);
    expect(server.requests.find((r) => r.method === "POST")?.body).toMatchObject({
      variables: { seats: 5, beta: true },
    });
    expect(JSON.parse(result.stdout)).toHaveLength(2);
  });
});

describe("vars list / vars get: every entry must belong to one device", () => {
  const mixed = () => [entry("a", "1"), entry("b", "2", OTHER_DEVICE)];

  it.each([[["vars", "list", "--json"]], [["vars", "get", "a"]]])(
    "%j refuses an answer mixing two devices with exit 7",
    async (args) => {
      const { run } = await against(mixed);
      const result = await run(args);
      expect(result.code).toBe(7);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(
        `mixes the variables of 2 devices (device_id ${DEVICE}, ${OTHER_DEVICE})`,
      );
    },
  );

  it("shows an entry whose value or created_at is null or missing (empty value, no date)", async () => {
    const { run } = await against(() => [
      { variable: "a", value: null, device_id: DEVICE, created_at: null },
      { variable: "b", device_id: DEVICE },
      { ...entry("c", "3"), created_at: 1698667364802 },
    ]);
    const json = await run(["vars", "list", "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      { variable: "a", value: "", device_id: DEVICE, created_at: null },
      { variable: "b", value: "", device_id: DEVICE, created_at: null },
      { variable: "c", value: "3", device_id: DEVICE, created_at: "2023-10-30T12:02:44.802Z" },
    ]);
    const table = await run(["vars", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/\na *\n/);
  });

  it("still refuses an entry without a name (exit 6, invalid_response)", async () => {
    const { run } = await against(() => [{ value: "1", device_id: DEVICE, created_at: 1 }, entry("c", "3")]);
    const result = await run(["vars", "list", "--json"]);
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr)).toMatchObject({ code: "invalid_response" });
  });
});
