import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, runCli, tempHome } from "../helpers/cli.js";
import { hostileApiEnv, startHostileServer } from "../helpers/hostile-server.js";
import { hasScript, runInTerminal } from "../helpers/terminal.js";

const ESC = "\u001b";
const BEL = "\u0007";
/** Writes "evil" to the clipboard (OSC 52), then clears the screen. */
const CLIPBOARD_AND_CLEAR = `${ESC}]52;c;ZXZpbA==${BEL}${ESC}[2J${ESC}[H`;

/** One signed variable, as get_device_variables answers. */
const variable = (name: string, value: string | number) => ({
  variable: name,
  value,
  device_id: 7,
  created_at: "2026-01-01T00:00:00Z",
});

describe("server-chosen text on stderr", () => {
  it("an error code carrying OSC 52 and a screen clear is shown escaped", async () => {
    const server = await startHostileServer(() => ({
      status: 400,
      json: { status: 400, code: `bad${CLIPBOARD_AND_CLEAR}`, message: `refused${CLIPBOARD_AND_CLEAR}` },
    }));
    const result = await runCli(["vars", "list", "--retries", "0"], { env: hostileApiEnv(server) });
    expect(result.code).toBe(5);
    expect(result.stderr).not.toContain(ESC);
    expect(result.stderr).not.toContain(BEL);
    expect(result.stderr).toContain("(bad\\e]52;c;ZXZpbA==\\x07\\e[2J\\e[H, HTTP 400)");
  });

  it("an error message with zero-width and bidi characters shows each escaped", async () => {
    const server = await startHostileServer(() => ({
      status: 400,
      json: { status: 400, code: "bad", message: "use channel\u200b, not \u202eeliforp\u202c\u2028next" },
    }));
    const result = await runCli(["vars", "list", "--retries", "0"], { env: hostileApiEnv(server) });
    expect(result.stderr).toContain("use channel\\u200b, not \\u202eeliforp\\u202c\\u2028next");
  });

  it("--debug lines show a server's text escaped", async () => {
    const server = await startHostileServer(() => ({ json: [variable("a", 1)], signed: true }));
    const result = await runCli(["vars", "list", "--debug"], {
      env: hostileApiEnv(server, { LICENSECTL_HARDWARE_ID: `hw${CLIPBOARD_AND_CLEAR}` }),
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("debug: hardware ID: hw\\e]52;c;ZXZpbA==\\x07");
    expect(result.stderr).not.toContain(ESC);
  });
});

describe("config keys in warnings", () => {
  it("an unknown key with escape sequences and a zero-width space is shown escaped", async () => {
    const server = await startHostileServer(() => ({ json: [], signed: true }));
    const home = tempHome();
    const project = join(home, "project");
    mkdirSync(project);
    writeFileSync(join(project, ".licensectlrc.json"), JSON.stringify({ [`product\u200b${ESC}[2J`]: "x" }));
    const result = await runCli(["vars", "list"], {
      env: { ...hostileApiEnv(server), HOME: home },
      cwd: project,
    });
    expect(result.stderr).toContain('unknown key "product\\u200b\\e[2J"');
    expect(result.stderr).not.toContain(ESC);
  });
});

describe("a hardware ID", () => {
  const hostileId = `hw-1\u200b${CLIPBOARD_AND_CLEAR}\u202e`;

  it("in the caption of vars list is shown escaped", async () => {
    const server = await startHostileServer(() => ({
      json: [variable("channel\u200b", "beta")],
      signed: true,
    }));
    // In a pipe the caption is dropped from stdout and shown by --debug (on a terminal it heads the table).
    const result = await runCli(["vars", "list", "--debug"], {
      env: hostileApiEnv(server, { LICENSECTL_HARDWARE_ID: hostileId }),
    });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(ESC);
    expect(result.stderr).toContain("hardware ID hw-1\\u200b\\e]52;c;ZXZpbA==\\x07\\e[2J\\e[H\\u202e");
    expect(result.stdout).toContain("channel\\u200b");
  });

  it("in the caption of a dry run is shown escaped", async () => {
    const server = await startHostileServer(() => ({ json: [], signed: true }));
    const result = await runCli(["vars", "set", "a=1", "--dry-run", "--debug"], {
      env: hostileApiEnv(server, { LICENSECTL_HARDWARE_ID: hostileId }),
    });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(ESC);
    expect(result.stdout + result.stderr).toContain("hw-1\\u200b\\e]52");
  });

  it("from device id on a pipe stays raw, for $(…)", async () => {
    const result = await runCli(["device", "id"], { env: { LICENSECTL_HARDWARE_ID: hostileId } });
    expect(result.stdout).toBe(`${hostileId}\n`);
  });

  it.runIf(hasScript)("from device id on a terminal is shown escaped", async () => {
    const home = tempHome();
    const run = await runInTerminal(
      `node ${BIN} device id`,
      {
        cwd: home,
        env: { PATH: process.env.PATH, HOME: home, NO_COLOR: "1", LICENSECTL_HARDWARE_ID: hostileId },
      },
      [],
    );
    expect(run.code).toBe(0);
    expect(run.output).toContain("hw-1\\u200b\\e]52;c;ZXZpbA==\\x07\\e[2J\\e[H\\u202e");
    expect(run.output).not.toContain(`${ESC}]52`);
  });
});

describe("raw where scripts read it", () => {
  it("vars list --json keeps the server's value exactly", async () => {
    const server = await startHostileServer(() => ({
      json: [variable("k", `v${CLIPBOARD_AND_CLEAR}\u200b`)],
      signed: true,
    }));
    const result = await runCli(["vars", "list", "--json"], { env: hostileApiEnv(server) });
    expect((JSON.parse(result.stdout) as Array<{ value: string }>)[0]?.value).toBe(
      `v${CLIPBOARD_AND_CLEAR}\u200b`,
    );
  });

  it("vars get prints the raw value, as documented", async () => {
    const server = await startHostileServer(() => ({ json: [variable("k", "v\u200b\u202e")], signed: true }));
    const result = await runCli(["vars", "get", "k"], { env: hostileApiEnv(server) });
    expect(result.stdout).toBe("v\u200b\u202e\n");
  });
});
