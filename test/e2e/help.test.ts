import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

// Help text is a contract with users: pinned, so a change to it is a reviewed decision.
describe("help output", () => {
  it.each([
    [["--help"]],
    [["vars", "--help"]],
    [["vars", "set", "--help"]],
    [["vars", "get", "--help"]],
    [["vars", "list", "--help"]],
    [["vars", "unset", "--help"]],
    [["vars", "diff", "--help"]],
    [["vars", "copy", "--help"]],
    [["vars", "export", "--help"]],
    [["devices", "--help"]],
    [["devices", "list", "--help"]],
    [["device", "--help"]],
    [["device", "id", "--help"]],
    [["emulator", "--help"]],
    [["config", "--help"]],
    [["config", "show", "--help"]],
    [["config", "path", "--help"]],
    [["config", "init", "--help"]],
    [["doctor", "--help"]],
    [["completion", "--help"]],
  ])("%j is pinned", async (args) => {
    const result = await runCli(args);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatchSnapshot();
  });

  it("prints the version from package.json with --version", async () => {
    const { version } = (await import("../../package.json", { with: { type: "json" } })).default;
    const result = await runCli(["--version"]);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("shows help on stderr and exits 2 when a command group is given without a subcommand", async () => {
    const result = await runCli(["vars"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Usage: licensectl vars");
  });
});
