import { join } from "node:path";
import { Readable } from "node:stream";
import { expect, it } from "vitest";
import { runDoctor } from "../../src/commands/doctor/doctor-checks.js";
import type { Context } from "../../src/context.js";
import { Interrupted } from "../../src/terminal/interrupt.js";
import { tempHome } from "../helpers/cli.js";
import { API_KEY, HWID, LICENSE_KEY, PRODUCT, SHARED_KEY } from "../helpers/emulator.js";
import { startServer } from "../helpers/http.js";
import { captureOutput, memoryStream } from "../helpers/streams.js";

/** A doctor run in-process against `apiUrl`, with this interrupt signal. */
function contextFor(apiUrl: string, signal: AbortSignal): Context {
  const home = tempHome();
  const env = {
    XDG_CONFIG_HOME: join(home, ".config"),
    LICENSECTL_API_URL: apiUrl,
    LICENSECTL_API_KEY: API_KEY,
    LICENSECTL_SHARED_KEY: SHARED_KEY,
    LICENSECTL_PRODUCT: PRODUCT,
    LICENSECTL_LICENSE_KEY: LICENSE_KEY,
    LICENSECTL_HARDWARE_ID: HWID,
  };
  const io = {
    argv: ["doctor"],
    env,
    cwd: home,
    homedir: home,
    stdin: Readable.from([]),
    stdout: memoryStream(),
    stderr: memoryStream(),
    now: () => new Date(),
    onInterrupt: () => () => {},
  };
  const globals = { json: false, debug: false, quiet: false, color: false, input: false, settingFlags: {} };
  return { io, globals, out: captureOutput().out, signal };
}

it("after Ctrl+C sends no request, the reachability check included, and ends with the interrupt", async () => {
  const received: string[] = [];
  const server = await startServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    response.end("{}");
  });
  const controller = new AbortController();
  controller.abort(new Interrupted("SIGINT"));
  const error = await runDoctor(contextFor(`${server.origin}/api/v4`, controller.signal)).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Interrupted);
  expect(received).toEqual([]);
});
