import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.js";
import type { Io } from "../../src/context.js";
import { Interrupted, watchInterrupts } from "../../src/terminal/interrupt.js";
import { memoryStream } from "../helpers/streams.js";

type Listener = (signal: "SIGINT" | "SIGTERM") => void;

/** An Io whose Ctrl+C the test presses, and whose stdin never ends. */
function interruptibleIo(argv: string[]) {
  let press: Listener = () => {};
  let startedReading: () => void = () => {};
  const reading = new Promise<void>((resolve) => {
    startedReading = resolve;
  });
  const stderr = memoryStream();
  const io: Io = {
    argv,
    env: {},
    cwd: "/",
    homedir: "/nonexistent-home",
    stdin: new Readable({ read: () => startedReading() }),
    stdout: memoryStream(),
    stderr,
    now: () => new Date(),
    onInterrupt: (listener) => {
      press = listener;
      return () => {};
    },
  };
  return { io, stderr, reading, press: (signal: "SIGINT" | "SIGTERM") => press(signal) };
}

describe("Ctrl+C", () => {
  it("ends a run busy with work that does not watch the signal (reading stdin), exit 130", async () => {
    const { io, stderr, reading, press } = interruptibleIo(["vars", "set", "--file", "-"]);
    const exit = runCli(io);
    await reading;
    press("SIGINT");
    expect(await exit).toBe(130);
    expect(stderr.text).toBe("Interrupted (SIGINT).\n");
  });

  it("aborts the signal at the first press and stops waiting at the second", async () => {
    const { io, press } = interruptibleIo([]);
    const watch = watchInterrupts(io, 60_000);
    let settled = false;
    watch.insisted.catch(() => {
      settled = true;
    });
    press("SIGTERM");
    expect(watch.signal.reason).toBeInstanceOf(Interrupted);
    expect((watch.signal.reason as Interrupted).exitCode).toBe(143);
    await Promise.resolve();
    expect(settled).toBe(false);
    press("SIGTERM");
    await expect(watch.insisted).rejects.toBeInstanceOf(Interrupted);
    watch.dispose();
  });
});
