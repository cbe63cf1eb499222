// The fleet section of `npm run bench` (issue 13): `vars set --devices` on 1,000 devices against an emulator
// that enforces a flood limit of L requests a second per credential, with --rate L. Targets: the run ends
// within 1.15 × (1,000 / L) s plus one start-up, no 429 in steady state, peak RSS under 100 MB.
// BENCH_FLEET_RATE (default 200) sets L; BENCH_FLEET_DEVICES (default 1000) the number of devices;
// BENCH_FLEET_CONCURRENCY the requests in flight (default: licensectl's, --rate / 4 here).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnEmulator } from "./emulator.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "bin/licensectl.cjs");
const rssPreload = join(root, "scripts/bench/maxrss.cjs");
const cpuPreload = join(root, "scripts/bench/cpu-usage.cjs");
const rate = Number(process.env.BENCH_FLEET_RATE ?? 200);
const count = Number(process.env.BENCH_FLEET_DEVICES ?? 1000);
const dir = mkdtempSync(join(tmpdir(), "licensectl-fleet-bench-"));

const credentials = { apiKey: "fleet-bench-key", sharedKey: "fleet-bench-shared-key-0123456789" };
writeFileSync(
  join(dir, "seed.json"),
  JSON.stringify({ apiKeys: [credentials], products: [{ code: "bench" }], licenses: [] }),
);
// The emulator's generated devices (`--devices N --licenses 1`): license FLEET-00001, these hardware IDs.
const hardwareId = (index) =>
  createHash("sha256")
    .update(`licensectl-emulator-device-${index + 1}`)
    .digest("hex");
const devicesFile = join(dir, "devices.csv");
writeFileSync(
  devicesFile,
  `hardware_id,license_key\n${Array.from({ length: count }, (_, i) => `${hardwareId(i)},FLEET-00001`).join("\n")}\n`,
);
const oneDevice = join(dir, "one.csv");
writeFileSync(oneDevice, `hardware_id,license_key\n${hardwareId(0)},FLEET-00001\n`);

const { emulator, announced } = await spawnEmulator(bin, [
  "--seed",
  join(dir, "seed.json"),
  "--devices",
  String(count),
  "--licenses",
  "1",
  "--flood-limit",
  `${rate}/1s`,
]);

const env = {
  PATH: process.env.PATH,
  HOME: dir,
  XDG_CONFIG_HOME: join(dir, ".config"),
  LICENSECTL_API_URL: announced.apiUrl,
  LICENSECTL_API_KEY: credentials.apiKey,
  LICENSECTL_SHARED_KEY: credentials.sharedKey,
  LICENSECTL_PUBLIC_KEY: announced.config.publicKey,
  LICENSECTL_PRODUCT: "bench",
};

const run = (args, extraEnv = {}) => {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd: dir,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
  });
  return { ...result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
};
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

let ok = false;
try {
  // One start-up: the same command, planned for one device (reads settings and the file, sends nothing).
  const startup = median(
    Array.from(
      { length: 5 },
      () => run([bin, "vars", "set", "bench=0", "--devices", oneDevice, "--dry-run"]).ms,
    ),
  );
  const report = join(dir, "report.jsonl");
  const rssFile = join(dir, "rss");
  const cpuFile = join(dir, "cpu");
  const fleet = run(
    [
      "-r",
      rssPreload,
      "-r",
      cpuPreload,
      bin,
      "--json",
      "vars",
      "set",
      "bench=1",
      "--devices",
      devicesFile,
      "--rate",
      String(rate),
      ...(process.env.BENCH_FLEET_CONCURRENCY ? ["--concurrency", process.env.BENCH_FLEET_CONCURRENCY] : []),
      "--report",
      report,
      // A run to many devices asks first; the bench has no terminal to answer on.
      "--yes",
    ],
    { BENCH_RSS_FILE: rssFile, BENCH_CPU_FILE: cpuFile },
  );
  if (fleet.status !== 0) throw new Error(`the fleet run exited ${fleet.status}: ${fleet.stderr}`);
  const summary = JSON.parse(fleet.stdout);
  const peakMiB = Number(readFileSync(rssFile, "utf8").trim()) / 1024;
  const budget = 1.15 * (count / rate) * 1000 + startup;
  // The report's first line is its header (the run's ID and digests); each line after it is one device.
  const lines = readFileSync(report, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  const attempts = lines.reduce((sum, line) => sum + (line.attempts ?? 0), 0);
  console.log(
    `\nfleet: ${count} devices at --rate ${rate} (emulator flood limit ${rate}/1s), start-up ${startup.toFixed(0)} ms`,
  );
  const rows = [
    [
      "wall time",
      `${fleet.ms.toFixed(0)} ms`,
      `<= ${budget.toFixed(0)} ms (1.15 × ${count}/${rate} s + start-up)`,
      fleet.ms <= budget,
    ],
    ["429 answers", String(summary.throttled), "0", summary.throttled === 0],
    ["peak RSS", `${peakMiB.toFixed(1)} MiB`, "< 100 MiB", peakMiB < 100],
    ["devices succeeded", `${summary.succeeded}/${count}`, `${count}/${count}`, summary.succeeded === count],
  ];
  for (const [name, value, target, met] of rows) {
    console.log(`  ${name.padEnd(18)} ${value.padStart(12)}  target ${target}  ${met ? "ok" : "MISSED"}`);
  }
  const [user, system] = readFileSync(cpuFile, "utf8").trim().split(" ").map(Number);
  console.log(
    `  client CPU         ${`${(user + system).toFixed(0)} ms`.padStart(12)}  (${((user + system) / count).toFixed(2)} ms a device; machine load ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs)`,
  );
  console.log(
    `  writes sent        ${String(attempts).padStart(12)}  (report: ${lines.length} lines, its header included)`,
  );
  console.log(`  report, first device: ${JSON.stringify(lines[1])}`);
  ok = rows.every((row) => row[3]);
} finally {
  emulator.kill("SIGINT");
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
