import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.js";
import type { Io } from "../../src/context.js";
import { memoryStream } from "../helpers/streams.js";

function io(argv: string[], overrides: Partial<Io> = {}) {
  const stdout = memoryStream();
  const stderr = memoryStream();
  const value: Io = {
    argv,
    env: {
      LICENSECTL_API_URL: "http://127.0.0.1:9/api/v4",
      LICENSECTL_API_KEY: "key-1234",
      LICENSECTL_SHARED_KEY: "shared-5678",
      LICENSECTL_PRODUCT: "p",
      LICENSECTL_LICENSE_KEY: "k",
      LICENSECTL_HARDWARE_ID: "h",
    },
    cwd: "/",
    homedir: "/nonexistent-home",
    stdin: Readable.from([]),
    stdout,
    stderr,
    now: () => new Date(),
    onInterrupt: () => () => {},
    ...overrides,
  };
  return { io: value, stderr };
}

describe("runCli (in-process)", () => {
  const broken = {
    now: (): Date => {
      throw new TypeError("clock exploded");
    },
  };

  it("exits 1 on an unexpected internal error, without a stack trace", async () => {
    const { io: input, stderr } = io(["vars", "list"], broken);
    expect(await runCli(input)).toBe(1);
    expect(stderr.text).toContain("error: Unexpected internal error: clock exploded");
    expect(stderr.text).toContain("rerun with --debug");
    expect(stderr.text).not.toMatch(/\n\s+at /);
  });

  it("adds the stack trace with --debug", async () => {
    const { io: input, stderr } = io(["vars", "list", "--debug"], broken);
    expect(await runCli(input)).toBe(1);
    expect(stderr.text).toMatch(/debug: TypeError: clock exploded\n\s+at /);
  });
});

describe("runCli and a signal delivered late", () => {
  it("exits 130 for a Ctrl+C that arrived while the output was being written", async () => {
    let listener: ((signal: "SIGINT" | "SIGTERM") => void) | undefined;
    const stdout = memoryStream();
    const { io: input } = io(["device", "id"], {
      stdout: {
        ...stdout,
        // A blocked synchronous write: the signal's listener runs once the event loop turns again.
        write: (chunk: string) => {
          setImmediate(() => listener?.("SIGINT"));
          return stdout.write(chunk);
        },
      },
      onInterrupt: (on) => {
        listener = on;
        return () => {
          listener = undefined;
        };
      },
    });
    expect(await runCli(input)).toBe(130);
    expect(stdout.text).toBe("h\n");
  });
});
