import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempHome } from "../helpers/cli.js";
import { API_KEY, apiKeyEnv, startTestEmulator } from "../helpers/emulator.js";

const journalOf = (home: string) => join(home, ".local", "state", "licensectl");

describe("the journal is judged like every file licensectl reads", () => {
  it("keeps secrets out of the recorded command line", async () => {
    const emulator = await startTestEmulator();
    const home = tempHome();
    const run = await runCli(["vars", "set", `note=${API_KEY}`], {
      env: { HOME: home, ...apiKeyEnv(emulator) },
    });
    expect(run.code, run.stderr).toBe(0);
    const [file] = readdirSync(journalOf(home));
    const header = JSON.parse(
      readFileSync(join(journalOf(home), file as string), "utf8").split("\n")[0] ?? "",
    );
    expect(header.command).toMatch(/^licensectl vars set note=/);
    expect(header.command).not.toContain(API_KEY);
  });

  it("uses $XDG_STATE_HOME, and makes a directory others could read private again", async () => {
    const emulator = await startTestEmulator();
    const home = tempHome();
    const state = join(home, "state");
    mkdirSync(join(state, "licensectl"), { recursive: true, mode: 0o755 });
    chmodSync(join(state, "licensectl"), 0o755);
    const run = await runCli(["vars", "set", "a=1"], {
      env: { HOME: home, XDG_STATE_HOME: state, ...apiKeyEnv(emulator) },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(join(state, "licensectl")).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(state, "licensectl"))).toHaveLength(1);
  });

  it("refuses a run file that is a symbolic link or writable by others (exit 3), and a journal directory that is a link", async () => {
    const home = tempHome();
    const dir = journalOf(home);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const elsewhere = join(home, "elsewhere.jsonl");
    writeFileSync(
      elsewhere,
      `${JSON.stringify({ type: "run", id: "20260101T000000000Z-aaaaaa", command: "x" })}\n`,
    );
    symlinkSync(elsewhere, join(dir, "20260101T000000000Z-aaaaaa.jsonl"));
    const linked = await runCli(["history", "show", "20260101T000000000Z-aaaaaa"], { env: { HOME: home } });
    expect(linked.code).toBe(3);
    expect(linked.stderr).toMatch(/was not read: it is a symbolic link/);
    const open = join(dir, "20260101T000000000Z-bbbbbb.jsonl");
    writeFileSync(
      open,
      `${JSON.stringify({ type: "run", id: "20260101T000000000Z-bbbbbb", command: "x" })}\n`,
    );
    chmodSync(open, 0o666);
    const writable = await runCli(["history", "show", "20260101T000000000Z-bbbbbb"], { env: { HOME: home } });
    expect(writable.code).toBe(3);
    expect(writable.stderr).toMatch(/group or others may write to it/);

    const other = tempHome();
    mkdirSync(join(other, ".local", "state"), { recursive: true });
    symlinkSync(join(home, "elsewhere-dir"), join(other, ".local", "state", "licensectl"));
    mkdirSync(join(home, "elsewhere-dir"));
    const emulator = await startTestEmulator();
    const set = await runCli(["vars", "set", "a=1"], { env: { HOME: other, ...apiKeyEnv(emulator) } });
    expect(set.code).toBe(3);
    expect(set.stderr).toMatch(
      /journal directory .* cannot be used: it is not a directory \(a link is refused\)/,
    );
    expect(emulator.requests.filter((r) => r.method === "POST")).toEqual([]);
  });
});
