import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DOTENV_NAME, parseDotenv } from "../../src/variables/dotenv.js";
import { serialiseDotenv } from "../helpers/dotenv.js";
import { expectParsedOrRefused, joinedFrom } from "../helpers/properties.js";

// Random text rarely looks like dotenv, so most inputs are built from the characters and line shapes the
// parser treats specially: they reach its corners (escapes at line ends, ` #` in values, quotes) often.
/** Single characters the parser treats specially, then escape sequences and a CRLF. */
const special = [...` \t#'"\\\n\r=aé\u00a0\u2028\u0000`, "\\n", '\\"', "\r\n"];
const value = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.tuple(fc.constantFrom("", '"', "'", ' "'), joinedFrom(special, 12)).map(([quote, rest]) => quote + rest),
);
const line = fc
  .tuple(
    fc.constantFrom("", "", "export ", "  ", "# "),
    fc.oneof(
      { arbitrary: fc.stringMatching(DOTENV_NAME), weight: 6 },
      { arbitrary: fc.constantFrom("", "a b", "n:", "export"), weight: 1 },
    ),
    fc.constantFrom("=", "=", " = ", "", "=="),
    value,
  )
  .map((parts) => parts.join(""));
const dotenvish = fc.oneof(
  fc.string({ unit: "binary" }),
  fc
    .tuple(fc.array(line, { maxLength: 6 }), fc.constantFrom("\n", "\r\n"))
    .map(([lines, eol]) => lines.join(eol)),
);

const entries = fc.uniqueArray(fc.record({ key: fc.stringMatching(DOTENV_NAME), value }), {
  selector: (entry) => entry.key,
  maxLength: 8,
});

/** Lines that must not change what a file means: blank lines and comments. */
const filler = fc.array(
  fc.oneof(
    fc.constantFrom("", " ", "\t"),
    fc.string().map((text) => `# ${text.replace(/[\r\n]/g, "")}`),
  ),
  { maxLength: 2 },
);

const keysAndValues = (text: string) => parseDotenv(text, "stdin").map(({ key, value }) => ({ key, value }));

describe("parseDotenv (property)", () => {
  it("never crashes: any text either parses into unique, valid names or is a usage error", () => {
    fc.assert(
      fc.property(dotenvish, (text) => {
        expectParsedOrRefused(
          () => parseDotenv(text, "stdin").map((entry) => entry.key),
          (keys) => {
            expect(new Set(keys).size).toBe(keys.length);
            for (const key of keys) expect(key).toMatch(DOTENV_NAME);
          },
        );
      }),
      { numRuns: 3000 },
    );
  });

  it("reads back exactly what serialiseDotenv wrote", () => {
    fc.assert(
      fc.property(entries, (written) => {
        expect(keysAndValues(serialiseDotenv(written))).toEqual(written);
      }),
      { numRuns: 2000 },
    );
  });

  it("ignores comments, blank lines and export prefixes around what serialiseDotenv wrote", () => {
    const decorated = fc.array(fc.tuple(filler, fc.boolean()), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(entries, decorated, (written, decor) => {
        const text = written
          .map((entry, i) => {
            const [lines, exported] = decor[i] ?? [[], false];
            const before = lines.map((text) => `${text}\n`).join("");
            return `${before}${exported ? "export " : ""}${serialiseDotenv([entry])}`;
          })
          .join("");
        expect(keysAndValues(text)).toEqual(written);
      }),
      { numRuns: 500 },
    );
  });
});
