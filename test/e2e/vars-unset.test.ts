import type { IncomingMessage, ServerResponse } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedRequest, RunningEmulator } from "../../src/emulator/server.js";
import { BIN, errorOf, runCli, runRecorded, tempHome } from "../helpers/cli.js";
import {
  apiKeyEnv,
  HWID,
  MANAGEMENT_API_KEY,
  managementEnv,
  startTestEmulator,
  testSeed,
} from "../helpers/emulator.js";
import { startServer } from "../helpers/http.js";
import { hasScript, runInTerminal } from "../helpers/terminal.js";

const UNSET_HWID = "hw-0100-unset";
const UNSET_DEVICE = 1698663677416600;
const PAGED_HWID = "hw-0200-paged";
const pagedNames = Array.from({ length: 25 }, (_, i) => `v${String(i + 1).padStart(2, "0")}`);

let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = testSeed();
  seed.licenses[0]?.devices?.push(
    {
      id: UNSET_DEVICE,
      hardwareId: UNSET_HWID,
      variables: {
        alpha: "1",
        beta: "two",
        gamma: "g",
        delta: "d",
        epsilon: "e",
        raw: "\u001b[2Jboom",
        shown: "\u001b[2Jboom",
        keep: "k",
        tty: "t",
      },
    },
    { hardwareId: PAGED_HWID, variables: Object.fromEntries(pagedNames.map((name) => [name, name])) },
  );
  emulator = await startTestEmulator({ seed });
});

const env = (extra: Record<string, string> = {}) =>
  managementEnv(emulator, { LICENSECTL_HARDWARE_ID: UNSET_HWID, ...extra });
/** `licensectl vars unset …` against the emulator, on the UNSET_HWID device unless `extra` says otherwise. */
const unset = (args: string[], extra: Record<string, string> = {}) =>
  runRecorded(emulator, ["vars", "unset", ...args], { env: env(extra) });
const deletes = (requests: readonly RecordedRequest[]) => requests.filter((r) => r.method === "DELETE");

async function listedNames(hardwareId: string): Promise<string[]> {
  const list = await runCli(["vars", "list", "--json"], {
    env: apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: hardwareId }),
  });
  return (JSON.parse(list.stdout) as Array<{ variable: string }>).map((v) => v.variable);
}

describe("vars unset", () => {
  it("deletes the named variables with --yes, prints them, and the License API no longer lists them", async () => {
    const result = await unset(["beta", "alpha", "--yes"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    // In a pipe stdout carries the table alone; on a terminal a caption names the device (terminal-width.test.ts).
    expect(result.stdout).toBe("VARIABLE  VALUE\nalpha     1\nbeta      two\n");
    const sent = result.requests;
    expect(sent.map((r) => [r.method, r.path, r.query])).toEqual([
      ["GET", "/api/v1/devices/", { hardware_id: UNSET_HWID }],
      ["GET", "/api/v1/device-variables/", { device: String(UNSET_DEVICE) }],
      ["DELETE", expect.stringMatching(/^\/api\/v1\/device-variables\/\d+\/$/), {}],
      ["DELETE", expect.stringMatching(/^\/api\/v1\/device-variables\/\d+\/$/), {}],
    ]);
    for (const request of sent) {
      expect(request.headers.authorization).toBe(`Api-Key ${MANAGEMENT_API_KEY}`);
      expect(request.status).toBe(200);
    }
    const names = await listedNames(UNSET_HWID);
    expect(names).not.toContain("alpha");
    expect(names).not.toContain("beta");
    expect(names).toContain("keep");
  });

  it("prints one JSON array of {variable, value, id} with raw values, and escapes them in the table", async () => {
    const json = await unset(["raw", "--yes", "--json"]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(parsed).toEqual([{ variable: "raw", value: "\u001b[2Jboom", id: expect.any(Number) }]);
    const table = await unset(["shown", "--yes"]);
    expect(table.stdout).toContain("shown     \\e[2Jboom\n");
    expect(table.stdout).not.toContain("\u001b");
  });

  it("fails with variable_not_found naming every missing key, and deletes nothing", async () => {
    const result = await unset(["gamma", "nope1", "nope2", "--yes", "--json"]);
    expect(result.code).toBe(5);
    expect(result.stdout).toBe("");
    const error = errorOf(result.stderr);
    expect(error).toMatchObject({ kind: "api", code: "variable_not_found" });
    expect(error.message).toContain('"nope1", "nope2"');
    expect(error.hint).toContain("--ignore-missing");
    expect(deletes(result.requests)).toEqual([]);
    expect(await listedNames(UNSET_HWID)).toContain("gamma");
  });

  it("deletes the others with --ignore-missing and says on stderr what it skipped", async () => {
    const result = await unset(["gamma", "nope", "--yes", "--ignore-missing"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("\ngamma     g\n");
    expect(result.stderr).toBe('Not on the device, skipped: "nope".\n');
  });

  it.each([
    [[], "there is no terminal to ask on"],
    [["--no-input"], "prompts are disabled by --no-input"],
  ])("refuses %j without --yes (exit 2) before sending any request", async (flags, reason) => {
    const result = await unset(["delta", ...flags]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(reason);
    expect(result.stderr).toContain("hint: Pass --yes");
    expect(result.requests).toEqual([]);
  });

  it("takes names, not KEY=VALUE, checked before anything else", async () => {
    const result = await runCli(["vars", "unset", "channel=beta", "--json"]);
    expect(result.code).toBe(2);
    expect(errorOf(result.stderr)).toMatchObject({ code: "invalid_variable" });
    expect(errorOf(result.stderr).hint).toContain("licensectl vars unset channel");
  });

  it("needs a Management API key (exit 3), saying it is not the License API key", async () => {
    const result = await runCli(["vars", "unset", "delta", "--yes"], {
      env: { ...apiKeyEnv(emulator), LICENSECTL_MANAGEMENT_URL: emulator.managementUrl },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("(missing_management_key)");
    expect(result.stderr).toContain("LICENSECTL_MANAGEMENT_API_KEY");
    expect(result.stderr).toContain("not the License API key");
  });

  it("exits 4 when the Management API refuses the key, and never prints it", async () => {
    const result = await unset(["delta", "--yes", "--debug"], {
      LICENSECTL_MANAGEMENT_API_KEY: "wrong-management-key",
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain("error: Invalid API key. (http_401, HTTP 401)");
    expect(result.stderr).toContain("hint: Check managementApiKey (env LICENSECTL_MANAGEMENT_API_KEY)");
    expect(result.stderr).not.toContain("wrong-management-key");
  });

  it("explains device_not_found with the hardware ID sent and where it came from", async () => {
    const result = await unset(["a", "--yes", "--hardware-id", "never-activated"]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain("(device_not_found)");
    expect(result.stderr).toContain("Sent hardware ID never-activated (flag --hardware-id).");
  });

  it("lists every device when the hardware ID is on several licenses, and --license-id picks one", async () => {
    const ambiguous = await unset(["plan", "--yes"], { LICENSECTL_HARDWARE_ID: HWID });
    expect(ambiguous.code).toBe(5);
    expect(ambiguous.stderr).toContain(
      `2 devices match: device 1698663677416479 (license 1001, hardware ID ${HWID}); device 1698663677416500 (license 1002, hardware ID ${HWID}).`,
    );
    expect(ambiguous.stderr).toContain("--license-id <id>");

    const picked = await unset(["plan", "--yes", "--license-id", "1002"], { LICENSECTL_HARDWARE_ID: HWID });
    expect(picked.code).toBe(0);
    expect(picked.requests[0]?.query).toEqual({ hardware_id: HWID, license: "1002" });
  });

  it("follows the pagination of a device with more than 20 variables", async () => {
    const result = await unset(["v23", "v02", "--yes", "--json"], { LICENSECTL_HARDWARE_ID: PAGED_HWID });
    expect(result.code).toBe(0);
    const pages = result.requests.filter((r) => r.path === "/api/v1/device-variables/");
    expect(pages.map((r) => r.query.offset)).toEqual([undefined, "20"]);
    expect((JSON.parse(result.stdout) as Array<{ variable: string }>).map((v) => v.variable)).toEqual([
      "v02",
      "v23",
    ]);
    expect(deletes(result.requests)).toHaveLength(2);
    expect(await listedNames(PAGED_HWID)).toHaveLength(23);
  });
});

// On a real terminal the prompt must read the answer, then let go of the terminal so the process exits
// (a readline left open keeps it waiting forever).
it.runIf(hasScript)("on a real terminal, asks, deletes on y, and exits", async () => {
  const home = tempHome();
  const command = `"${process.execPath}" "${BIN}" vars unset tty`;
  const run = await runInTerminal(
    command,
    { cwd: home, env: { PATH: process.env.PATH, HOME: home, NO_COLOR: "1", ...env() } },
    [["[y/N] ", "y\r"]],
  );
  expect(run.output).toContain("Delete it? [y/N] ");
  expect(run.output).toContain("Deleted 1 variable");
  expect(run.code).toBe(0);
});

/** An answer of the fake: a status and JSON body, no answer at all, or the connection dropped. */
type FakeAnswer = [number, unknown] | "hang" | "drop";

/** A stand-in Management API for failures the emulator does not produce. */
async function fakeManagement(answer: (request: IncomingMessage) => FakeAnswer) {
  const seen: string[] = [];
  const server = await startServer((request: IncomingMessage, response: ServerResponse) => {
    seen.push(`${request.method} ${request.url}`);
    const reply = answer(request);
    if (reply === "hang") return;
    if (reply === "drop") {
      request.socket.destroy();
      return;
    }
    const [status, body] = reply;
    response.writeHead(status, { "Content-Type": "application/json" });
    response.end(JSON.stringify(body));
  });
  return { url: `${server.origin}/api/v1`, origin: server.origin, seen };
}

const page = (results: unknown[], next: string | null = null) => ({
  count: results.length,
  next,
  previous: null,
  results,
});
const oneDevice = page([{ id: 7, hardware_id: UNSET_HWID, license: 1, device_active: true }]);

describe("vars unset against a failing Management API", () => {
  it("exits 6 on a 5xx after its retries, with the server's detail and the attempts spent", async () => {
    const fake = await fakeManagement(() => [503, { detail: "Service unavailable" }]);
    const result = await unset(["a", "--yes", "--json"], { LICENSECTL_MANAGEMENT_URL: fake.url });
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr)).toMatchObject({
      kind: "network",
      status: 503,
      message: "Gave up after 4 attempts: Service unavailable",
    });
  });

  it("does not follow a next link to another origin, so the key never goes there", async () => {
    const elsewhere = await fakeManagement(() => [200, page([])]);
    const fake = await fakeManagement(() => [200, page([], `${elsewhere.origin}/api/v1/devices/?offset=20`)]);
    const result = await unset(["a", "--yes", "--json"], { LICENSECTL_MANAGEMENT_URL: fake.url });
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr)).toMatchObject({ code: "invalid_response" });
    expect(errorOf(result.stderr).message).toContain("another origin");
    expect(elsewhere.seen).toEqual([]);
  });

  /** One device holding `names` (IDs 1, 2, …), whose DELETE /device-variables/{id}/ answers `onDelete(id)`. */
  const fakeDevice = (names: readonly string[], onDelete: (id: number) => FakeAnswer) =>
    fakeManagement((request) => {
      if (request.url?.startsWith("/api/v1/devices/")) return [200, oneDevice];
      if (request.method === "GET") {
        return [200, page(names.map((variable, i) => ({ id: i + 1, variable, value: "v", device: 7 })))];
      }
      return onDelete(Number(/\/(\d+)\/$/.exec(request.url ?? "")?.[1]));
    });
  const serverError: FakeAnswer = [500, { detail: "Server Error" }];
  const deletesSeen = (seen: readonly string[]) => seen.filter((line) => line.startsWith("DELETE"));

  it("says nothing was deleted, naming every variable not deleted, when the first delete fails", async () => {
    const fake = await fakeDevice(["a", "b"], () => serverError);
    const result = await unset(["a", "b", "--yes"], { LICENSECTL_MANAGEMENT_URL: fake.url });
    expect(result.code).toBe(6);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain('Server Error. Deleted before the failure: none; not deleted: "a", "b".');
    expect(result.stderr).toContain("run the same command with --ignore-missing");
    expect(deletesSeen(fake.seen)).toHaveLength(1);
  });

  it("says which variables were deleted when a later delete fails", async () => {
    const fake = await fakeDevice(["a", "b"], (id) => (id === 1 ? [200, {}] : serverError));
    const result = await unset(["a", "b", "--yes"], { LICENSECTL_MANAGEMENT_URL: fake.url });
    expect(result.code).toBe(6);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain('Server Error. Deleted before the failure: "a"; not deleted: "b".');
    expect(deletesSeen(fake.seen)).toHaveLength(2);
  });

  it.each([
    ["times out", "hang", "No complete response from"],
    ["loses its connection", "drop", "connection reset (ECONNRESET)"],
  ] as const)(
    "reports a delete that %s as unknown (it may have happened), and stops there",
    async (_what, failure, cause) => {
      const fake = await fakeDevice(["a", "b", "c"], (id) => (id === 2 ? failure : [200, {}]));
      const result = await unset(["a", "b", "c", "--yes", "--timeout", "1000"], {
        LICENSECTL_MANAGEMENT_URL: fake.url,
      });
      expect(result.code).toBe(6);
      expect(result.stderr).toContain(cause);
      expect(result.stderr).toContain(
        'Deleted before the failure: "a"; unknown (may have been deleted): "b"; not deleted: "c".',
      );
      expect(deletesSeen(fake.seen)).toHaveLength(2);
    },
  );
});
