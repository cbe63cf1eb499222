import type { Io } from "../context.js";
import { EXIT_INTERRUPTED, EXIT_TERMINATED } from "../core/cli-error.js";

type InterruptSignal = "SIGINT" | "SIGTERM";

/** Why a run stopped early: the user pressed Ctrl+C, or the process was asked to terminate. */
const INTERRUPTED = Symbol.for("licensectl.Interrupted");

export class Interrupted extends Error {
  readonly [INTERRUPTED] = true;

  constructor(readonly signal: InterruptSignal) {
    super(`interrupted by ${signal}`);
    this.name = "Interrupted";
  }

  /** By brand, like CliError: the prompt (commands bundle) throws it, the core (cli bundle) catches it. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as { [INTERRUPTED]?: unknown })[INTERRUPTED] === true
    );
  }

  /** 128 + the signal number, as shells report it: 130 for SIGINT, 143 for SIGTERM. */
  get exitCode(): number {
    return this.signal === "SIGTERM" ? EXIT_TERMINATED : EXIT_INTERRUPTED;
  }
}

export interface InterruptWatch {
  /** Aborted, with an Interrupted as its reason, at the first signal. */
  readonly signal: AbortSignal;
  /** Rejects when waiting for the run to wind down is over: a second signal, or the grace period ended. */
  readonly insisted: Promise<never>;
  dispose(): void;
}

/**
 * How long an interrupted run may take to wind down (the emulator closes and writes its data file) before
 * the process stops waiting for it: work that does not watch the signal (a read from a terminal) must not
 * keep Ctrl+C from ending the run.
 */
const INTERRUPT_GRACE_MS = 1_000;

/** The first Ctrl+C asks the run to stop (aborting what is in flight); a second one stops waiting at once. */
export function watchInterrupts(io: Io, graceMs = INTERRUPT_GRACE_MS): InterruptWatch {
  const controller = new AbortController();
  let insist: (reason: unknown) => void = () => {};
  const insisted = new Promise<never>((_, reject) => {
    insist = reject;
  });
  insisted.catch(() => {}); // only ever observed through Promise.race
  let grace: NodeJS.Timeout | undefined;
  const unsubscribe = io.onInterrupt((signal) => {
    if (controller.signal.aborted) return insist(controller.signal.reason);
    controller.abort(new Interrupted(signal));
    grace = setTimeout(() => insist(controller.signal.reason), graceMs);
  });
  return {
    signal: controller.signal,
    insisted,
    dispose: () => {
      clearTimeout(grace);
      unsubscribe();
    },
  };
}
