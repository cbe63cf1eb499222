import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { httpDate, isoUtc } from "../../src/dates.js";

const MAX_TIME = 8.64e15;
const anyTime = fc.integer({ min: -MAX_TIME, max: MAX_TIME });

describe("UTC date formatting", () => {
  it("gives what Date#toUTCString gives, for every valid time", () => {
    fc.assert(fc.property(anyTime, (ms) => httpDate(new Date(ms)) === new Date(ms).toUTCString()));
  });

  it("gives what Date#toISOString gives, for every valid time", () => {
    fc.assert(fc.property(anyTime, (ms) => isoUtc(new Date(ms)) === new Date(ms).toISOString()));
  });

  it("formats the edges of the year range like the built-ins", () => {
    for (const text of [
      "0000-01-01T00:00:00.000Z",
      "9999-12-31T23:59:59.999Z",
      "+010000-01-01T00:00:00.000Z",
    ]) {
      expect(isoUtc(new Date(text))).toBe(text);
    }
    for (const ms of [-MAX_TIME, MAX_TIME, -62198755200000, 0]) {
      expect(httpDate(new Date(ms))).toBe(new Date(ms).toUTCString());
      expect(isoUtc(new Date(ms))).toBe(new Date(ms).toISOString());
    }
  });

  it('refuses an invalid date rather than print "Invalid Date"', () => {
    expect(() => isoUtc(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => httpDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
