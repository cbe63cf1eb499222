import type { Io } from "./context.js";
import { EXIT_INTERRUPTED, EXIT_TERMINATED } from "./errors.js";

type InterruptSignal = "SIGINT" | "SIGTERM";

/** Why a run stopped early: the user pressed Ctrl+C, or the process was asked to terminate. */
export class Interrupted extends Error {
  constructor(readonly signal: InterruptSignal) {
    super(`interrupted by ${signal}`);
    this.name = "Interrupted";
  }

  /** 128 + the signal number, as shells report it: 130 for SIGINT, 143 for SIGTERM. */
  get exitCode(): number {
    return this.signal === "SIGTERM" ? EXIT_TERMINATED : EXIT_INTERRUPTED;
  }
}

export interface InterruptWatch {
  /** Aborted, with an Interrupted as its reason, at the first signal. */
  readonly signal: AbortSignal;
  /** Rejects at a second signal: the user insists, stop waiting for a graceful end. */
  readonly insisted: Promise<never>;
  dispose(): void;
}

/** The first Ctrl+C asks the run to stop (aborting what is in flight); a second one stops waiting. */
export function watchInterrupts(io: Io): InterruptWatch {
  const controller = new AbortController();
  let insist: (reason: unknown) => void = () => {};
  const insisted = new Promise<never>((_, reject) => {
    insist = reject;
  });
  insisted.catch(() => {}); // only ever observed through Promise.race
  const dispose = io.onInterrupt((signal) => {
    if (controller.signal.aborted) insist(controller.signal.reason);
    else controller.abort(new Interrupted(signal));
  });
  return { signal: controller.signal, insisted, dispose };
}
