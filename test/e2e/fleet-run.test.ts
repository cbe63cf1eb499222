import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorOf, runRecorded, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, LICENSE_KEY, PRODUCT, startTestEmulator } from "../helpers/emulator.js";
import {
  busiestWindow,
  fleetCsv,
  fleetHwid,
  fleetSeed,
  reportLines,
  tracks,
  writeDevicesFile,
} from "../helpers/fleet.js";

const storedValue = (
  emulator: Awaited<ReturnType<typeof startTestEmulator>>,
  hardwareId: string,
  name: string,
) =>
  emulator.state.licenses
    .find((l) => l.id === 1001)
    ?.devices.find((d) => d.hardwareId === hardwareId)
    ?.variables.get(name)?.value;

describe("vars set --devices", () => {
  it("sets the variables on every device of a CSV file, at most --concurrency requests at once", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(24), latencyMs: 150 });
    const file = writeDevicesFile(fleetCsv(24));
    const run = await runRecorded(
      emulator,
      [
        "vars",
        "set",
        "--yes",
        "channel=beta",
        "seats=5",
        "--devices",
        file,
        "--concurrency",
        "6",
        "--rate",
        "1000",
        "--no-journal",
      ],
      { env: apiKeyEnv(emulator) },
    );
    expect(run.stderr.split("\n").filter((l) => l !== "" && !/^(Plan|Rate|Journal): /.test(l))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Set 2 variables on 24 of 24 devices in /);
    const sent = tracks(run.requests);
    expect(sent).toHaveLength(24);
    for (let n = 1; n <= 24; n++) expect(storedValue(emulator, fleetHwid(n), "channel")).toBe("beta");
    // Each answer takes 150 ms: the first 6 arrive together, the 7th only once one of them is answered.
    const first = sent[0]?.at ?? 0;
    expect(sent.filter((r) => r.at - first < 100)).toHaveLength(6);
  });

  it("reads JSON lines with username, license_id and product fields, and sends each device its own identity", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(2) });
    const file = writeDevicesFile(
      [
        JSON.stringify({ hardware_id: fleetHwid(1), license_key: LICENSE_KEY, license_id: 1001 }),
        "",
        JSON.stringify({ hardware_id: "hw-0001-test", username: "ci+tester@example.com", product: PRODUCT }),
      ].join("\n"),
      "devices.jsonl",
    );
    const run = await runRecorded(emulator, ["vars", "set", "--yes", "tier=gold", "--devices", file], {
      env: apiKeyEnv(emulator, { LICENSECTL_LICENSE_KEY: "" }),
    });
    expect(run.code).toBe(0);
    const bodies = tracks(run.requests).map((r) => r.body as Record<string, unknown>);
    expect(bodies).toEqual(
      expect.arrayContaining([
        {
          product: PRODUCT,
          hardware_id: fleetHwid(1),
          license_key: LICENSE_KEY,
          license_id: 1001,
          variables: { tier: "gold" },
        },
        {
          product: PRODUCT,
          hardware_id: "hw-0001-test",
          username: "ci+tester@example.com",
          variables: { tier: "gold" },
        },
      ]),
    );
  });

  it("never lets more than --rate requests arrive in any one-second window", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(50) });
    const file = writeDevicesFile(fleetCsv(50));
    const run = await runRecorded(
      emulator,
      ["vars", "set", "--yes", "a=1", "--devices", file, "--rate", "20"],
      {
        env: apiKeyEnv(emulator),
      },
    );
    expect(run.code).toBe(0);
    const sent = tracks(run.requests);
    expect(sent).toHaveLength(50);
    expect(busiestWindow(sent, 1_000)).toBeLessThanOrEqual(20);
    // 50 requests at 20 a second cannot all go out within two seconds.
    expect((sent.at(-1)?.at ?? 0) - (sent[0]?.at ?? 0)).toBeGreaterThanOrEqual(2_000);
  }, 20_000);

  it("writes one report line per device and exits with the API error's code when a device is refused", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(3) });
    const file = writeDevicesFile(`${fleetCsv(3)}hw-not-activated,${LICENSE_KEY}\n`);
    const report = join(tempHome(), "report.jsonl");
    const run = await runRecorded(
      emulator,
      ["vars", "set", "--yes", "a=1", "--devices", file, "--report", report],
      {
        env: apiKeyEnv(emulator),
      },
    );
    expect(run.code).toBe(5);
    expect(run.stdout).toMatch(/on 3 of 4 devices.*1 failed: 1 device_not_found \(api\)/);
    expect(run.stderr).toMatch(/1 of 4 devices failed: 1 device_not_found \(api\)/);
    expect(run.stderr).toContain(`--resume ${report}`);
    const lines = reportLines(readFileSync(report, "utf8"));
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.outcome === "failed")).toMatchObject({
      target: { product: PRODUCT, hardware_id: "hw-not-activated", license_key: LICENSE_KEY },
      error_code: "device_not_found",
      error_kind: "api",
      attempts: 1,
    });
    expect(lines.filter((l) => l.outcome === "succeeded")).toHaveLength(3);
  });

  it("exits with the most serious failure's code: a network failure outranks an API refusal", async () => {
    const emulator = await startTestEmulator({
      seed: fleetSeed(3),
      faults: [{ fault: { type: "reset" }, count: 1 }],
    });
    const file = writeDevicesFile(`${fleetCsv(3)}hw-not-activated,${LICENSE_KEY}\n`);
    const run = await runRecorded(
      emulator,
      ["--json", "vars", "set", "--yes", "a=1", "--devices", file, "--concurrency", "1"],
      { env: apiKeyEnv(emulator, { LICENSECTL_RETRIES: "0" }) },
    );
    expect(run.code).toBe(6);
    expect(errorOf(run.stderr)).toMatchObject({ kind: "network", code: "devices_failed", exit_code: 6 });
    expect(JSON.parse(run.stdout)).toMatchObject({ devices: 4, succeeded: 2, failed: 2 });
  });

  it("shows the plan per device on --dry-run and sends nothing", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(3) });
    const file = writeDevicesFile(fleetCsv(3));
    const run = await runRecorded(emulator, ["vars", "set", "--yes", "a=1", "--devices", file, "--dry-run"], {
      env: apiKeyEnv(emulator),
    });
    expect(run.code).toBe(0);
    expect(run.requests).toEqual([]);
    // In a pipe the dry-run notice is on stderr; stdout holds the plan's table.
    expect(run.stderr).toMatch(/Dry run, nothing was sent: would set a=1 on 3 devices/);
    for (let n = 1; n <= 3; n++) expect(run.stdout).toContain(fleetHwid(n));
  });
});
