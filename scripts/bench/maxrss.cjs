// Preloaded (node -r) into both sides of the memory comparison: reports the process's peak resident set
// size, in kilobytes, to the file named by BENCH_RSS_FILE when it exits.
const { appendFileSync } = require("node:fs");
process.on("exit", () => {
  if (process.env.BENCH_RSS_FILE)
    appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
