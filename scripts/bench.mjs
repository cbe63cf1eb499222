// `npm run bench`: start-up, request and memory cost of licensectl against the least any process can do,
// on each Node version users run. Per Node version (BENCH_NODES, default 20,22,24,26; a version other than the
// machine's is installed from the npm registry into node_modules/.cache/licensectl-bench on first use):
//   --version and --help against `node -e 0`; `vars list --json` and `vars set` of 1,000 variables, the
//   hardware ID derived from this machine, against the hard floor (scripts/bench/floor.cjs: one signed
//   request over node:http) and, for information, a curl + openssl script (scripts/bench/floor.sh); peak RSS
//   of `vars list` against the hard floor's. Each `vars set` side writes to a device of its own.
// Sides run alternately after a warm-up (which also fills the code cache); medians of wall time and their
// ratios decide the targets; the ratio of mean CPU time (user + system) is shown too, as a busy machine
// disturbs it far less.
// BENCH_RUNS (default 25) sets the measured runs per side. Exit code 1 when a target is missed.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { licensectlHardwareId, startEmulator } from "./bench/emulator.mjs";
import { nodeBinary, wantedMajors } from "./bench/node-versions.mjs";
import { printTable, runSuite } from "./bench/suite.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin/licensectl.cjs");
const floor = join(root, "scripts/bench/floor.cjs");
const runs = Number(process.env.BENCH_RUNS ?? 25);
const options = { runs, warmup: 3, rssPreload: join(root, "scripts/bench/maxrss.cjs") };
const nodes = wantedMajors(process.env).map((major) => ({
  major,
  node: nodeBinary(major, join(root, "node_modules/.cache/licensectl-bench")),
}));

const hasCommand = (name) => {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const curl = hasCommand("curl") && hasCommand("openssl") ? join(root, "scripts/bench/floor.sh") : null;

const dir = mkdtempSync(join(tmpdir(), "licensectl-bench-"));
options.cwd = dir;
const bodyFile = join(dir, "vars.json");
writeFileSync(
  bodyFile,
  JSON.stringify(
    Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`key_${String(i).padStart(4, "0")}`, `value-${i}`]),
    ),
  ),
);
const baseEnv = { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: join(dir, ".config") };
const floorId = execFileSync(process.execPath, [floor, "id"], { encoding: "utf8" }).trim();
const ownId = licensectlHardwareId(process.execPath, bin, { ...baseEnv, LICENSECTL_NO_CODE_CACHE: "1" });
const emulator = await startEmulator({ bin, dir, hardwareIds: [floorId, ownId] });
const env = { ...baseEnv, ...emulator.env };

try {
  console.log(
    `licensectl benchmark — ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}, ${runs} runs per side, medians`,
  );
  if (ownId !== floorId)
    console.log(
      `note: licensectl derives a different hardware ID (${ownId}) than the SDK's way (${floorId})`,
    );
  if (!curl) console.log("curl or openssl is not installed: the curl + openssl column is skipped");
  const results = [];
  for (const { major, node } of nodes) {
    const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
    const rows = runSuite({ node, bin, floor, curl, env, bodyFile, options });
    results.push({ node: version, met: printTable(version, rows), rows, major });
  }
  console.log(
    `\nload at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  writeFileSync(
    join(root, ".bench-results.json"),
    `${JSON.stringify({ cpus: cpus().length, runs, results }, null, 2)}\n`,
  );
  process.exitCode = results.every((r) => r.met) ? 0 : 1;
} finally {
  emulator.stop();
  rmSync(dir, { recursive: true, force: true });
}

// The fleet section (issue 13): a process of its own, with its own emulator.
const fleet = spawnSync(process.execPath, [join(root, "scripts/bench/fleet.mjs")], { stdio: "inherit" });
if (fleet.status !== 0) process.exitCode = 1;
