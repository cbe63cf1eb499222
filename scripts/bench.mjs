// `npm run bench`: start-up and request cost of licensectl against bare Node, measured in one run.
// Each pair runs alternately (A, B, A, B, …) after a warm-up, so both sides see the same machine state;
// medians and their ratio are reported with the machine and Node version. Not part of the test suite.
// BENCH_RUNS (default 25) sets the measured runs per side.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin/licensectl.cjs");
const floor = join(root, "scripts/bench/floor.mjs");
const rssPreload = join(root, "scripts/bench/maxrss.cjs");
const runs = Number(process.env.BENCH_RUNS ?? 25);
const warmup = 3;
const dir = mkdtempSync(join(tmpdir(), "licensectl-bench-"));

const credentials = { apiKey: "bench-api-key", sharedKey: "bench-shared-key-0123456789" };
const hardwareId = "bench-device";
const seed = {
  apiKeys: [credentials],
  products: [{ code: "bench" }],
  licenses: [
    {
      product: "bench",
      licenseKey: "BENCH-KEY",
      devices: [
        {
          hardwareId,
          variables: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`var${i}`, `value ${i}`])),
        },
      ],
    },
  ],
};
writeFileSync(join(dir, "seed.json"), JSON.stringify(seed));
const thousand = Object.fromEntries(
  Array.from({ length: 1000 }, (_, i) => [`key_${String(i).padStart(4, "0")}`, `value-${i}`]),
);
const bodyFile = join(dir, "vars.json");
writeFileSync(bodyFile, JSON.stringify(thousand));

// --flood-limit off: these pairs measure one request at a time, not the API's flood limits (see bench/fleet.mjs).
const emulator = spawn(
  process.execPath,
  [bin, "emulator", "--json", "--seed", join(dir, "seed.json"), "--flood-limit", "off"],
  {
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const announced = await new Promise((resolve, reject) => {
  let out = "";
  emulator.stdout.on("data", (chunk) => {
    out += chunk;
    if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]));
  });
  emulator.once("exit", (code) => reject(new Error(`emulator exited (${code})`)));
});

const env = {
  PATH: process.env.PATH,
  HOME: dir,
  XDG_CONFIG_HOME: join(dir, ".config"),
  LICENSECTL_API_URL: announced.apiUrl,
  LICENSECTL_API_KEY: credentials.apiKey,
  LICENSECTL_SHARED_KEY: credentials.sharedKey,
  LICENSECTL_PUBLIC_KEY: announced.config.publicKey,
  LICENSECTL_PRODUCT: "bench",
  LICENSECTL_LICENSE_KEY: "BENCH-KEY",
  LICENSECTL_HARDWARE_ID: hardwareId,
};

/** Wall time of one run in ms; fails loudly on a non-zero exit. */
function timeRun(args, extraEnv = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd: dir,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function pair(a, b) {
  for (let i = 0; i < warmup; i++) timeRun(a) && timeRun(b);
  const times = { a: [], b: [] };
  for (let i = 0; i < runs; i++) {
    times.a.push(timeRun(a));
    times.b.push(timeRun(b));
  }
  return { a: median(times.a), b: median(times.b) };
}

function peakRss(args) {
  const file = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  for (let i = 0; i < warmup + runs; i++) timeRun(["-r", rssPreload, ...args], { BENCH_RSS_FILE: file });
  const values = readFileSync(file, "utf8").trim().split("\n").map(Number).slice(warmup);
  return median(values) / 1024;
}

const rows = [];
/** One row; a row without a target is reported for information only. */
const measure = (name, target, unit, a, b) => {
  rows.push({ name, a, b, ratio: a / b, target, unit });
  const row = rows.at(-1);
  const verdict =
    target === undefined
      ? "(information, no target)"
      : `(target <= ${target.toFixed(2)}) ${row.ratio <= target ? "ok" : "MISSED"}`;
  console.log(
    `${name.padEnd(36)} ${row.a.toFixed(1).padStart(8)} ${unit} vs ${row.b.toFixed(1).padStart(8)} ${unit}  ratio ${row.ratio.toFixed(2)} ${verdict}`,
  );
};

try {
  console.log(
    `licensectl benchmark — ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${runs} runs per side, medians`,
  );
  const bare = ["-e", "0"];
  let r = pair([bin, "--version"], bare);
  measure("1 licensectl --version / node -e 0", 1.1, "ms", r.a, r.b);
  r = pair([bin, "--help"], bare);
  measure("2 licensectl --help / node -e 0", 1.25, "ms", r.a, r.b);
  // Pair 5 is the memory of pair 3's run, so it is measured in the same state: the device has 20
  // variables. Pair 4 then adds 1,000; the same run is measured once more then, for information.
  const list = [bin, "vars", "list", "--json"];
  r = pair(list, [floor, "get"]);
  const listRss = peakRss(list);
  const bareRss = peakRss(bare);
  measure("3 vars list --json / floor GET", 1.3, "ms", r.a, r.b);
  r = pair([bin, "vars", "set", "--json", "--file", bodyFile], [floor, "post", bodyFile]);
  measure("4 vars set 1,000 vars / floor POST", 1.3, "ms", r.a, r.b);
  measure("5 peak RSS: vars list / node -e 0", 1.3, "MiB", listRss, bareRss);
  measure("  the same, 1,020 variables listed", undefined, "MiB", peakRss(list), bareRss);
  writeFileSync(
    join(root, ".bench-results.json"),
    `${JSON.stringify({ node: process.version, cpus: cpus().length, runs, rows }, null, 2)}\n`,
  );
  process.exitCode = rows.every((row) => row.target === undefined || row.ratio <= row.target) ? 0 : 1;
} finally {
  emulator.kill("SIGINT");
  rmSync(dir, { recursive: true, force: true });
}

// The fleet section (issue 13): a process of its own, with its own emulator.
const fleet = spawnSync(process.execPath, [join(root, "scripts/bench/fleet.mjs")], { stdio: "inherit" });
if (fleet.status !== 0) process.exitCode = 1;
