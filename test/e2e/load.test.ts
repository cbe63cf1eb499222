import { describe, expect, it } from "vitest";
import { parseFaultRule, seededRandom } from "../../src/emulator/faults.js";
import { readSeedFile } from "../../src/emulator/seed.js";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { runCli, tempHome } from "../helpers/cli.js";
import {
  apiKeyEnv,
  deviceIdentity,
  EMPTY_HWID,
  HWID,
  signedRequest,
  startTestEmulator,
} from "../helpers/emulator.js";

const FETCH_WRITES = 240;
const CLI_WRITES = 8;
const DEVICES = [HWID, EMPTY_HWID];

/** One write per request, each to its own variable name, so every acknowledged one can be looked for. */
async function write(emulator: RunningEmulator, index: number) {
  const hardwareId = DEVICES[index % DEVICES.length] ?? HWID;
  const variable = `w${index}`;
  const body = JSON.stringify({ ...deviceIdentity(hardwareId), variables: { [variable]: `v${index}` } });
  try {
    const response = await signedRequest(emulator, "track_device_variables", { method: "POST", body });
    return { hardwareId, variable, value: `v${index}`, acknowledged: response.status === 200 };
  } catch {
    return { hardwareId, variable, value: `v${index}`, acknowledged: false }; // reset by a fault
  }
}

async function storedVariables(emulator: RunningEmulator): Promise<Map<string, string>> {
  const stored = new Map<string, string>();
  for (const hardwareId of DEVICES) {
    const response = await signedRequest(emulator, "get_device_variables", {
      query: deviceIdentity(hardwareId),
    });
    const items = (await response.json()) as Array<{ variable: string; value: string }>;
    for (const item of items) stored.set(`${hardwareId}/${item.variable}`, item.value);
  }
  return stored;
}

/** What the data file holds right now, read directly (no emulator in between). */
function savedVariables(dataFile: string): Map<string, string> {
  const saved = new Map<string, string>();
  for (const license of readSeedFile(dataFile).licenses) {
    for (const device of license.devices ?? []) {
      for (const [name, entry] of Object.entries(device.variables ?? {})) {
        saved.set(`${device.hardwareId}/${name}`, String(typeof entry === "object" ? entry.value : entry));
      }
    }
  }
  return saved;
}

describe("the emulator under concurrent load, with faults", () => {
  it("keeps every acknowledged write of 248 concurrent ones, in memory and after a restart from --data", async () => {
    const dataFile = `${tempHome()}/state.json`;
    const faults = ["503@0.05", "reset@0.05"].map(parseFaultRule);
    const emulator = await startTestEmulator({ dataFile, faults, random: seededRandom(2026) });
    const viaFetch = Array.from({ length: FETCH_WRITES }, (_, i) => write(emulator, i));
    const viaCli = Array.from({ length: CLI_WRITES }, (_, i) =>
      runCli(["vars", "set", `cli${i}=c${i}`], { env: apiKeyEnv(emulator) }).then((result) => ({
        hardwareId: HWID,
        variable: `cli${i}`,
        value: `c${i}`,
        acknowledged: result.code === 0,
      })),
    );
    const outcomes = await Promise.all([...viaFetch, ...viaCli]);
    const acknowledged = outcomes.filter((o) => o.acknowledged);
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);
    expect(outcomes.slice(FETCH_WRITES).every((o) => o.acknowledged)).toBe(true); // the CLI retried its faults
    expect(emulator.requests.filter((r) => r.fault).length).toBeGreaterThan(0);

    const missing = (stored: Map<string, string>) =>
      acknowledged.filter((o) => stored.get(`${o.hardwareId}/${o.variable}`) !== o.value);
    expect(missing(savedVariables(dataFile))).toEqual([]); // on disk when acknowledged, before any close
    expect(missing(await storedVariables(emulator))).toEqual([]);
    const dataWrites = emulator.dataWrites();
    await emulator.close();

    const restarted = await startTestEmulator({ dataFile });
    expect(restarted.restored).toBe(true);
    expect(missing(await storedVariables(restarted))).toEqual([]);
    if (process.env.LICENSECTL_LOAD_REPORT) {
      const faulted = emulator.requests.filter((r) => r.fault).length;
      console.info(
        `load: ${outcomes.length} concurrent writes (${FETCH_WRITES} fetch + ${CLI_WRITES} CLI), ` +
          `${emulator.requests.length} requests, ${faulted} faults injected, ${acknowledged.length} acknowledged, ` +
          `${acknowledged.length} checked after restart, 0 lost, ${dataWrites} data-file writes`,
      );
    }
  });
});
