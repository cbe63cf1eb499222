import { chmodSync, lchownSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorOf, runCli, tempHome } from "../helpers/cli.js";

const productShown = (stdout: string) =>
  (JSON.parse(stdout) as { settings: { product: { value: unknown } } }).settings.product.value;

describe.runIf(process.getuid?.() === 0)("a project file symlinked by another user", () => {
  it("is judged by the link's owner as well as the target's: ignored with a warning", async () => {
    const home = tempHome();
    const target = join(home, "mine.json");
    writeFileSync(target, JSON.stringify({ product: "planted" }), { mode: 0o600 });
    const checkout = join(home, "checkout");
    mkdirSync(checkout);
    const link = join(checkout, ".licensectlrc.json");
    symlinkSync(target, link);
    lchownSync(link, 12345, 12345);
    const run = await runCli(["config", "show", "--json"], { cwd: checkout });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`ignored the config file ${link}: a symlink owned by uid 12345`);
    expect(productShown(run.stdout)).toBeNull();
  });
});

describe("config files and directories others may write to (as ssh judges them)", () => {
  it("ignores a group- or world-writable project file, with a warning saying how to fix it", async () => {
    const checkout = tempHome();
    const file = join(checkout, ".licensectlrc.json");
    writeFileSync(file, JSON.stringify({ product: "planted" }));
    chmodSync(file, 0o666);
    const run = await runCli(["config", "show", "--json"], { cwd: checkout });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `ignored the config file ${file}: group or others may write to it (mode 0666)`,
    );
    expect(productShown(run.stdout)).toBeNull();
  });

  it("refuses the user config when its directory is writable by others (exit 3)", async () => {
    const home = tempHome();
    const dir = join(home, ".config", "licensectl");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "config.json"), JSON.stringify({ product: "mine" }), { mode: 0o600 });
    chmodSync(dir, 0o777);
    const run = await runCli(["config", "show", "--json"], { cwd: home, env: { HOME: home } });
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr).message).toContain(`group or others may write to its directory ${dir}`);
    expect(errorOf(run.stderr).hint).toContain(`chmod go-w ${dir}`);
  });
});
