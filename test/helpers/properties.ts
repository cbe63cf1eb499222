import fc from "fast-check";
import { expect } from "vitest";
import { CliError } from "../../src/core/cli-error.js";

/** Text made of the given pieces; parsers see their special characters far more often than in random text. */
export function joinedFrom(pieces: readonly string[], maxPieces: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...pieces), { maxLength: maxPieces }).map((parts) => parts.join(""));
}

/** Any Unicode text half of the time, text made of `pieces` the other half. */
export function trickyText(pieces: readonly string[], maxPieces: number): fc.Arbitrary<string> {
  return fc.oneof(fc.string({ unit: "binary" }), joinedFrom(pieces, maxPieces));
}

/** `parse` either returns (and its result passes `check`) or throws a usage CliError: never anything else. */
export function expectParsedOrRefused<T>(parse: () => T, check: (result: T) => void = () => {}): void {
  let result: T;
  try {
    result = parse();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).kind).toBe("usage");
    return;
  }
  check(result);
}
