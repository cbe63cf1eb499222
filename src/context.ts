import type { Readable } from "node:stream";
import type { SettingKey } from "./config/schema.js";
import type { Output, WritableStream } from "./output/output.js";

/** Everything a run touches outside itself, passed in so tests need no global mocking. */
export interface Io {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly homedir: string;
  readonly stdin: Readable & { readonly isTTY?: boolean | undefined };
  readonly stdout: WritableStream;
  readonly stderr: WritableStream;
  readonly now: () => Date;
  /** Subscribe to Ctrl+C / SIGTERM; returns the unsubscribe function. */
  readonly onInterrupt: (listener: (signal: "SIGINT" | "SIGTERM") => void) => () => void;
}

/** Global flags, as parsed: settings flags only when the user typed them. */
export interface GlobalOptions {
  readonly json: boolean;
  readonly debug: boolean;
  readonly quiet: boolean;
  readonly color: boolean;
  /** false with --no-input: no prompt anywhere. */
  readonly input: boolean;
  readonly config?: string | undefined;
  readonly profile?: string | undefined;
  readonly settingFlags: Readonly<Partial<Record<SettingKey, unknown>>>;
}

/** What a command receives. */
export interface Context {
  readonly io: Io;
  readonly globals: GlobalOptions;
  readonly out: Output;
  /** Aborted on Ctrl+C or SIGTERM (the reason is an Interrupted): stop the work in flight promptly. */
  readonly signal: AbortSignal;
}
