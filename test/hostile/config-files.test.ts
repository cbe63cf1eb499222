import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorOf, tempHome } from "../helpers/cli.js";
import { runWithin } from "./bounded-run.js";

const TIMEOUT = 8_000;
/** `config show --json` in `cwd` (HOME there too), with `env` added. */
const show = (cwd: string, args: string[] = [], env: Record<string, string> = {}) =>
  runWithin([...args, "config", "show", "--json"], {
    cwd,
    env: { HOME: cwd, XDG_CONFIG_HOME: join(cwd, ".config"), ...env },
  });

function userConfig(home: string, text: string): string {
  const dir = join(home, ".config", "licensectl");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "config.json");
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

describe("config files are judged before they are read", () => {
  it("refuses a FIFO named by --config with exit 3 instead of hanging", { timeout: TIMEOUT }, async () => {
    const home = tempHome();
    const fifo = join(home, "config.json");
    spawnSync("mkfifo", [fifo]);
    const run = await show(home, ["--config", fifo]);
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr)).toMatchObject({ code: "unsafe_config_file" });
    expect(errorOf(run.stderr).message).toContain("named pipe (FIFO)");
  });

  it("refuses a project file that is a symlink to /dev/zero with exit 3, without reading it", {
    timeout: TIMEOUT,
  }, async () => {
    const home = tempHome();
    const project = join(home, "checkout");
    mkdirSync(project);
    symlinkSync("/dev/zero", join(project, ".licensectlrc.json"));
    const run = await show(project, [], { HOME: home });
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr).message).toContain("it is a device");
  });

  it("refuses a user config owned by another user, as ssh does, and says how to fix it", async () => {
    const home = tempHome();
    const path = userConfig(home, '{"product": "demo"}');
    chownSync(path, 4242, 4242);
    const run = await show(home);
    expect(run.code).toBe(3);
    const error = errorOf(run.stderr);
    expect(error.message).toContain("owned by uid 4242");
    expect(error.hint).toContain("chown");
  });

  it("refuses a user config that group or others may write, and says to chmod it", async () => {
    const home = tempHome();
    const path = userConfig(home, '{"product": "demo"}');
    chmodSync(path, 0o666);
    const run = await show(home);
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr).message).toContain("group or others may write to it (mode 0666)");
    expect(errorOf(run.stderr).hint).toContain(`chmod go-w ${path}`);
  });

  it("ends a YAML alias bomb quickly with exit 3", { timeout: TIMEOUT }, async () => {
    const home = tempHome();
    const lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(",")}]`,
      );
    writeFileSync(join(home, ".licensectlrc.yaml"), `${lines.join("\n")}\nproduct: *a8\n`);
    // Expanded, the aliases would be 10^9 strings: a run that tried would not end within the test's timeout.
    const run = await show(home);
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr)).toMatchObject({ code: "config_too_large" });
  });

  it('refuses "$import" in the licensectl key of package.json', async () => {
    const home = tempHome();
    writeFileSync(join(home, "secrets.json"), '{"apiUrl": "https://evil.example"}');
    writeFileSync(join(home, "package.json"), JSON.stringify({ licensectl: { $import: "./secrets.json" } }));
    const run = await show(home);
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr)).toMatchObject({ code: "unsupported_import" });
  });

  it("never prints a fragment of a secret from a config file's JSON syntax error", async () => {
    const home = tempHome();
    writeFileSync(
      join(home, ".licensectlrc.json"),
      '{"product": "demo", "sharedKey": sEcReTfragment123abcdef}',
    );
    const run = await show(home);
    expect(run.code).toBe(3);
    expect(run.stderr).not.toMatch(/sEcReT|fragment|abcdef/);
    expect(errorOf(run.stderr).message).toContain("is not valid JSON");
  });
});
