import { CliError } from "../../src/core/cli-error.js";

/** Run fn, which must throw a CliError, and return it for assertions. */
export function thrownBy(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error("expected a CliError, but nothing was thrown");
}
