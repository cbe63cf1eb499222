import { defineVerb, type InputOf } from "../runtime/verb.js";

const flags = {
  host: { type: "text", flags: "--host <host>", help: "address to listen on", default: "127.0.0.1" },
  port: { type: "text", flags: "--port <port>", help: "port; 0 picks a free one", default: "0" },
  seed: { type: "text", flags: "--seed <file>", help: "JSON seed that replaces the built-in demo data" },
  writeConfig: {
    type: "text",
    flags: "--write-config <path>",
    help: "also write a ready licensectl config file (mode 0600) pointing at the emulator",
  },
  force: { type: "boolean", flags: "--force", help: "let --write-config replace an existing file" },
  data: {
    type: "text",
    flags: "--data <file>",
    help: "keep the state in this file (mode 0600): loaded at start, saved on every write",
  },
  latency: { type: "text", flags: "--latency <ms>", help: "wait this long before answering each request" },
  fail: {
    type: "text",
    flags: "--fail <fault>",
    help: "inject a fault, repeatable: <status|reset|stall>@<rate> (503@0.2, reset@10%) or <status|reset|stall>*<count> (503*2)",
    repeatable: true,
  },
  faultSeed: {
    type: "text",
    flags: "--fault-seed <n>",
    help: "seed the random draws of --fail rates, for a reproducible run",
  },
  retryAfter: {
    type: "text",
    flags: "--retry-after <s>",
    help: "send Retry-After with injected 429 and 503 answers",
  },
  floodLimit: {
    type: "text",
    flags: "--flood-limit <limits>",
    help: "answer 429 + Retry-After past these limits: N/<window> per credential, ip:N/<window> per IP address, or off; default: the API's 50/1s,ip:200/10s",
  },
  devices: {
    type: "text",
    flags: "--devices <n>",
    help: "also generate n devices (same IDs, keys and hardware IDs every run) over licenses FLEET-00001…",
  },
  licenses: {
    type: "text",
    flags: "--licenses <n>",
    help: "spread the --devices over n licenses (default: one per 10 devices)",
  },
} as const;

export type EmulatorInput = InputOf<[], typeof flags>;
/** The `licensectl emulator` flags, as typed (text; emulator-options.ts checks the numbers). */
export type EmulatorFlags = EmulatorInput["flags"];

/** `emulator`. */
export const emulator = defineVerb({
  name: "emulator",
  description: "Run a local License API (and Management API) emulator to try licensectl without an account.",
  flags,
  needs: "nothing",
  examples: [
    "licensectl emulator",
    "licensectl emulator --port 8787 --write-config ./.licensectlrc.json",
    "licensectl emulator --data ./emulator-state.json",
    "licensectl emulator --latency 200 --fail 503@0.3 --fail reset@5%",
    "licensectl emulator --flood-limit 200/1s    # faster than the API; off: none",
    "licensectl emulator --devices 1000 --licenses 10",
  ],
  run: async (input: EmulatorInput) => (await import("./run-emulator.js")).runEmulator(input),
});
