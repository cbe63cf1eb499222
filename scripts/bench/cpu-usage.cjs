// Preloaded (node -r) into the fleet bench's run: appends the process's user and system CPU time, in
// milliseconds, to the file named by BENCH_CPU_FILE when it exits.
const { appendFileSync } = require("node:fs");
process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  if (process.env.BENCH_CPU_FILE)
    appendFileSync(process.env.BENCH_CPU_FILE, `${user / 1000} ${system / 1000}\n`);
});
