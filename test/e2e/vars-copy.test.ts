import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runCli, runRecorded } from "../helpers/cli.js";
import { apiKeyEnv, EMPTY_HWID, HWID, startTestEmulator, testSeed } from "../helpers/emulator.js";
import { startRewritingProxy } from "../helpers/http.js";

const OLD = "hw-0500-old";
const NEW = "hw-0501-new";
const FRESH = "hw-0502-fresh";
let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = testSeed();
  seed.licenses[0]?.devices?.push(
    { hardwareId: OLD, variables: { channel: "beta", seats: "5", region: "eu" } },
    { hardwareId: NEW, variables: { channel: "stable", seats: "5", local: "kept" } },
    { hardwareId: FRESH },
  );
  emulator = await startTestEmulator({ seed });
});

const copy = (args: string[], extra: Record<string, string> = {}) =>
  runRecorded(emulator, ["vars", "copy", ...args], { env: apiKeyEnv(emulator, extra) });
const listed = async (hardwareId: string) => {
  const result = await runCli(["vars", "list", "--json"], {
    env: apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: hardwareId }),
  });
  return Object.fromEntries(
    (JSON.parse(result.stdout) as Array<{ variable: string; value: unknown }>).map((v) => [
      v.variable,
      v.value,
    ]),
  );
};

describe("vars copy", () => {
  it("shows with --dry-run the plan vars set --dry-run shows for --to, and sends no write", async () => {
    const result = await copy(["--from", OLD, "--to", NEW, "--dry-run", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      variables: [
        { variable: "channel", action: "changed", old_value: "stable", new_value: "beta" },
        { variable: "region", action: "added", old_value: null, new_value: "eu" },
        { variable: "seats", action: "unchanged", old_value: "5", new_value: "5" },
      ],
      added: 1,
      changed: 1,
      unchanged: 1,
    });
    expect(result.requests.map((r) => r.path)).not.toContain("/api/v4/track_device_variables");
    const table = await copy(["--from", OLD, "--to", NEW, "--dry-run"]);
    // In a pipe the notice goes to stderr; stdout holds the plan's table only.
    expect(table.stderr).toContain("Dry run, nothing was sent: 1 to add, 1 to change, 1 unchanged");
    expect(table.stderr).toContain(`(flag --to)`);
    expect(table.stdout).toMatch(/^VARIABLE +CHANGE +VALUE\n/);
  });

  it("writes every variable of --from to --to, keeping those only on --to", async () => {
    const result = await copy(["--from", OLD, "--to", FRESH, "--json"]);
    expect(result.code).toBe(0);
    const track = result.requests.find((r) => r.path === "/api/v4/track_device_variables");
    expect(track?.body).toMatchObject({
      hardware_id: FRESH,
      variables: { channel: "beta", seats: "5", region: "eu" },
    });
    expect(await listed(FRESH)).toEqual({ channel: "beta", seats: "5", region: "eu" });
    await copy(["--from", OLD, "--to", NEW]);
    expect(await listed(NEW)).toEqual({ channel: "beta", seats: "5", region: "eu", local: "kept" });
  });

  it("copies nothing from a device without variables, and says so", async () => {
    const result = await copy(["--from", EMPTY_HWID, "--to", FRESH]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("has no variables: nothing was copied");
    expect(result.requests.map((r) => r.path)).not.toContain("/api/v4/track_device_variables");
  });

  it("fails with unconfirmed_write (exit 7) when the answer does not hold the values sent", async () => {
    // The first answers (the read of --from, the journal's read of --to) pass; the write's comes back altered.
    let answers = 0;
    const proxy = await startRewritingProxy(emulator.origin, (body, headers) => ({
      body: ++answers === 3 ? body.replaceAll('"beta"', '"gamma"') : body,
      headers,
    }));
    const result = await copy(["--from", OLD, "--to", FRESH, "--json"], {
      LICENSECTL_API_URL: `${proxy.origin}/api/v4`,
      LICENSECTL_VERIFY_SIGNATURE: "false",
    });
    expect(result.code).toBe(7);
    expect(errorOf(result.stderr)).toMatchObject({ code: "unconfirmed_write" });
  });

  it("refuses the same hardware ID as --from and --to before any request", async () => {
    const result = await copy(["--from", OLD, "--to", OLD]);
    expect(result.code).toBe(2);
    expect(result.requests).toEqual([]);
  });

  it("names in its hint the hardware ID of the side refused (--from or --to), not the configured one", async () => {
    for (const [args, sent, side] of [
      [["--from", OLD, "--to", "hw-0598-missing-to"], "hw-0598-missing-to", "flag --to"],
      [["--from", "hw-0599-missing-from", "--to", NEW], "hw-0599-missing-from", "flag --from"],
      [["--from", OLD, "--to", "hw-0598-missing-to", "--dry-run"], "hw-0598-missing-to", "flag --to"],
    ] as const) {
      const result = await copy([...args, "--json"]);
      expect(result.code).toBe(5);
      const hint = String(errorOf(result.stderr).hint);
      expect(hint).toContain(`Sent hardware ID ${sent} (${side}).`);
      expect(hint).not.toContain(HWID);
      expect(hint).not.toContain("--hardware-id");
    }
  });
});
