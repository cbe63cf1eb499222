import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { runRecorded, tempHome } from "../helpers/cli.js";
import {
  API_KEY,
  apiKeyEnv,
  CLIENT_SECRET,
  MANAGEMENT_API_KEY,
  managementEnv,
  oauthEnv as oauthEnvFor,
  SHARED_KEY,
  startTestEmulator,
} from "../helpers/emulator.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

const CONFIGURED_SECRETS = [API_KEY, SHARED_KEY, CLIENT_SECRET, MANAGEMENT_API_KEY];

const oauthEnv = () => oauthEnvFor(emulator);

/** Every command, each with --debug, in both auth modes and with every secret configured. */
function invocations(): Array<[string, string[], () => Record<string, string>]> {
  const both = (name: string, args: string[]): Array<[string, string[], () => Record<string, string>]> => [
    [
      `${name} (API key)`,
      args,
      () => ({ ...apiKeyEnv(emulator), ...managementEnv(emulator), LICENSECTL_CLIENT_SECRET: CLIENT_SECRET }),
    ],
    [`${name} (OAuth)`, args, () => ({ ...oauthEnv(), ...managementEnv(emulator) })],
  ];
  return [
    ...both("vars set", ["vars", "set", "scan=1", "note=hello"]),
    ...both("vars set --dry-run --json", ["vars", "set", "--dry-run", "--json", "scan=2"]),
    ...both("vars list", ["vars", "list"]),
    ...both("vars list --output env", ["vars", "list", "--output", "env"]),
    ...both("vars list --json", ["vars", "list", "--json"]),
    ...both("vars get", ["vars", "get", "scan", "missing", "--default", "x"]),
    ...both("vars get (missing)", ["vars", "get", "missing"]),
    ...both("vars unset", ["vars", "unset", "--yes", "note"]),
    ...both("device id --explain", ["device", "id", "--explain"]),
    ...both("config show", ["config", "show"]),
    ...both("config show --json", ["config", "show", "--json"]),
    ...both("config path", ["config", "path"]),
    ...both("doctor", ["doctor"]),
    ...both("doctor --json", ["doctor", "--json"]),
    ...both("completion", ["completion", "bash"]),
    ...both("wrong shared key", ["vars", "list", "--json"]).map(
      ([name, args, env]): [string, string[], () => Record<string, string>] => [
        name,
        args,
        () => ({
          ...env(),
          LICENSECTL_SHARED_KEY: `${SHARED_KEY}-wrong`,
          LICENSECTL_CLIENT_SECRET: `${CLIENT_SECRET}-wrong`,
        }),
      ],
    ),
  ];
}

describe("no secret ever reaches stdout or stderr", () => {
  it.each(invocations())("%s --debug", async (_name, args, env) => {
    const result = await runRecorded(emulator, [...args, "--debug"], { env: env() });
    expect(result.code, result.stderr).not.toBe(1);
    const tokens = result.requests
      .map((request) => /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1])
      .filter((token): token is string => token !== undefined);
    const output = result.stdout + result.stderr;
    for (const secret of [...CONFIGURED_SECRETS, ...tokens]) {
      expect(output).not.toContain(secret);
    }
    // The scan means something only where --debug traced: every command that reads settings does.
    if (!["config", "completion"].includes(args[0] ?? "") || args[1] === "show") {
      expect(result.stderr).toContain("debug:");
    }
  });

  it("config init --debug writes secrets to the file, never to the terminal", async () => {
    const home = tempHome();
    const result = await runRecorded(
      emulator,
      ["config", "init", "--debug", "--product", "demo", "--license-key", "K-1"],
      {
        env: { HOME: home, LICENSECTL_API_KEY: API_KEY, LICENSECTL_SHARED_KEY: SHARED_KEY },
      },
    );
    expect(result.code).toBe(0);
    for (const secret of [API_KEY, SHARED_KEY]) expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it("a secret in a malformed config file is not quoted by the error", async () => {
    const project = tempHome();
    writeFileSync(join(project, ".licensectlrc.json"), `{"managementApiKey": "${MANAGEMENT_API_KEY}", oops}`);
    const result = await runRecorded(emulator, ["config", "show", "--debug"], { cwd: project });
    expect(result.code).toBe(3);
    expect(result.stdout + result.stderr).not.toContain(MANAGEMENT_API_KEY);
  });
});
