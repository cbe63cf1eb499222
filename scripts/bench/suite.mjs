// The rows of the bench for one Node binary: licensectl against bare Node, the hard floor and curl.
import { SET_DEVICES } from "./emulator.mjs";
import { alternate, peakRss, side } from "./measure.mjs";

/**
 * Each row: licensectl's median (a), the baseline's (b), their ratio against the target; the curl script's
 * median (c, information only) where it does the same request. `curl` is null when curl or openssl is missing.
 */
export function runSuite({ node, bin, floor, curl, env, bodyFile, options }) {
  const run = (args, device) => side(node, args, device ? { ...env, LICENSECTL_HARDWARE_ID: device } : env);
  const bare = run(["-e", "0"]);
  const script = (args, device) =>
    curl ? [side("sh", [curl, ...args], device ? { ...env, LICENSECTL_HARDWARE_ID: device } : env)] : [];
  const rows = [];
  const row = (name, unit, target, medians) => {
    const [a, b, c] = medians;
    const cpu = medians.cpu && {
      a: medians.cpu[0],
      b: medians.cpu[1],
      ratio: medians.cpu[0] / medians.cpu[1],
    };
    rows.push({ name, unit, target, a, b, c, ratio: a / b, cpu });
  };

  row("--version / node -e 0", "ms", 1.05, alternate([run([bin, "--version"]), bare], options));
  row("--help / node -e 0", "ms", 1.2, alternate([run([bin, "--help"]), bare], options));
  row(
    "vars list --json / hard floor",
    "ms",
    1.15,
    alternate([run([bin, "vars", "list", "--json"]), run([floor, "get"]), ...script(["get"])], options),
  );
  // Peak memory of the same run against the floor's: a bare request already costs more than `node -e 0`.
  row(
    "peak RSS vars list / hard floor",
    "MiB",
    1.15,
    peakRss([run([bin, "vars", "list", "--json"]), run([floor, "get"])], options),
  );
  // Each side writes to a device of its own (scripts/bench/emulator.mjs): the list rows above read 20
  // variables on every Node version, never the 1,000 this row writes.
  row(
    "vars set 1,000 / hard floor",
    "ms",
    1.25,
    alternate(
      [
        run([bin, "vars", "set", "--json", "--file", bodyFile], SET_DEVICES.licensectl),
        run([floor, "post", bodyFile], SET_DEVICES.floor),
        ...script(["post", bodyFile], SET_DEVICES.curl),
      ],
      options,
    ),
  );
  return rows;
}

/** The table for one Node version; returns whether every target was met. */
export function printTable(version, rows) {
  console.log(`\nNode ${version}`);
  console.log(
    `${"row".padEnd(32)} ${"licensectl".padStart(10)} ${"baseline".padStart(9)} ${"ratio".padStart(6)} ${"target".padStart(7)}  ${"result".padEnd(6)} ${"CPU ratio".padStart(9)}  curl+openssl`,
  );
  for (const r of rows) {
    const curl = r.c === undefined ? "" : `${r.c.toFixed(1)} ${r.unit} (${(r.a / r.c).toFixed(2)}×)`;
    const cpu = r.cpu && Number.isFinite(r.cpu.ratio) ? r.cpu.ratio.toFixed(2) : "";
    console.log(
      `${r.name.padEnd(32)} ${`${r.a.toFixed(1)} ${r.unit}`.padStart(10)} ${`${r.b.toFixed(1)} ${r.unit}`.padStart(9)} ${r.ratio.toFixed(2).padStart(6)} ${`≤${r.target.toFixed(2)}`.padStart(7)}  ${(r.ratio <= r.target ? "met" : "MISSED").padEnd(6)} ${cpu.padStart(9)}  ${curl}`,
    );
  }
  return rows.every((r) => r.ratio <= r.target);
}
