import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedRequest } from "../../src/emulator/server.js";
import type { Seed } from "../../src/emulator/state.js";
import { tempHome } from "./cli.js";
import { LICENSE_KEY, testSeed } from "./emulator.js";

/** The hardware ID of fleet device `n` (1-based) of the key-based test license. */
export const fleetHwid = (n: number): string => `hw-fleet-${String(n).padStart(4, "0")}`;

/** The test seed, with `count` more active devices on the key-based license (1001). */
export function fleetSeed(count: number): Seed {
  const seed = testSeed();
  const license = seed.licenses.find((l) => l.id === 1001);
  for (let n = 1; n <= count; n++) license?.devices?.push({ id: 5_000_000 + n, hardwareId: fleetHwid(n) });
  return seed;
}

/** A devices file in a fresh directory; returns its path. */
export function writeDevicesFile(text: string, name = "devices.csv"): string {
  const path = join(tempHome(), name);
  writeFileSync(path, text);
  return path;
}

/** A CSV naming fleet devices 1..count by hardware_id and license_key. */
export function fleetCsv(count: number, first = 1): string {
  const lines = ["hardware_id,license_key"];
  for (let n = first; n < first + count; n++) lines.push(`${fleetHwid(n)},${LICENSE_KEY}`);
  return `${lines.join("\n")}\n`;
}

/** The track requests among recorded ones. */
export const tracks = (requests: readonly RecordedRequest[]): RecordedRequest[] =>
  requests.filter((r) => r.path.endsWith("/track_device_variables"));

/** The largest number of requests that arrived within any window of `windowMs` (half-open, sliding). */
export function busiestWindow(requests: readonly RecordedRequest[], windowMs: number): number {
  const times = requests.map((r) => r.at).sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** The report file's device lines, parsed (the header line of each run left out). */
export function reportLines(text: string): Array<Record<string, unknown>> {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.licensectl_report === undefined);
}
