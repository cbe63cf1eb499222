import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import type { Writable } from "node:stream";
import { describe, expect, it, onTestFinished } from "vitest";
import { stdioStream } from "../../src/entry/process-stdio.js";

/**
 * A channel whose reading end is `sh -c script`'s stdin; its stdout is collected. Node's spawn makes it a
 * non-blocking Unix socket pair, which is what a child licensectl's stdout is when Node runs it; real
 * pipes (`|`) are covered end to end in test/e2e/signals.test.ts.
 */
function pipeInto(script: string) {
  const child = spawn("sh", ["-c", script], { stdio: ["pipe", "pipe", "inherit"] });
  onTestFinished(() => {
    child.kill("SIGKILL");
  });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd;
  const exited = new Promise<Buffer>((resolve) => child.on("close", () => resolve(Buffer.concat(chunks))));
  return { fd, stdin: child.stdin, stdout: child.stdout, exited };
}

/** Stands in for process.stdout: counts how often it is asked for. */
function opener(stream: Writable) {
  const opened = { count: 0 };
  const open = () => {
    opened.count++;
    return stream as unknown as NodeJS.WriteStream;
  };
  return { open, opened };
}

describe("stdout and stderr for a run", () => {
  it("writes to a socket pair directly, without creating Node's stream, and says it is not a terminal", async () => {
    const pipe = pipeInto("cat");
    const { open, opened } = opener(pipe.stdin);
    const out = stdioStream(pipe.fd, open);
    expect(out.isTTY).toBe(false);
    expect(out.columns).toBeUndefined();
    expect(out.write("héllo\n")).toBe(true);
    expect(out.write("wörld\n")).toBe(true);
    pipe.stdin.end();
    expect((await pipe.exited).toString("utf8")).toBe("héllo\nwörld\n");
    expect(opened.count).toBe(0);
  });

  it("hands over to Node's stream when a non-blocking channel is full, losing and reordering nothing", async () => {
    const pipe = pipeInto("sleep 0.3; cat"); // nobody reads for a while: the pipe fills up
    const { open, opened } = opener(pipe.stdin);
    const out = stdioStream(pipe.fd, open);
    const line = `${"x".repeat(99)}\n`;
    const lines = Array.from({ length: 5000 }, (_, i) => `${String(i).padStart(5, "0")}${line}`);
    for (const text of lines) out.write(text);
    pipe.stdin.end();
    expect((await pipe.exited).toString("utf8")).toBe(lines.join(""));
    expect(opened.count).toBe(1);
  });

  it("drops what a reader that went away would have read, without an error", async () => {
    const pipe = pipeInto("exec 0<&-; echo closed; sleep 5"); // the reader closes its end, and lives on
    await new Promise((resolve) => pipe.stdout.once("data", resolve));
    const { open, opened } = opener(pipe.stdin);
    const out = stdioStream(pipe.fd, open);
    expect(out.write("nobody reads this\n")).toBe(false);
    expect(out.write("nor this\n")).toBe(false);
    expect(opened.count).toBe(0);
  });

  it("leaves a character device (a terminal, /dev/null) to Node's stream", () => {
    const fd = openSync("/dev/null", "w");
    onTestFinished(() => closeSync(fd));
    const written: string[] = [];
    const terminal = Object.assign(
      {
        write: (chunk: string) => written.push(chunk) > 0,
        on: () => terminal,
      },
      { isTTY: true, columns: 132 },
    );
    const out = stdioStream(fd, () => terminal as unknown as NodeJS.WriteStream);
    expect(out.isTTY).toBe(true);
    expect(out.columns).toBe(132);
    out.write("to the terminal\n");
    expect(written).toEqual(["to the terminal\n"]);
  });
});
