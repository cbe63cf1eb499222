// Dates formatted from their UTC parts. Date#toUTCString and Date#toISOString make V8 set up its time
// zone machinery, which pages in ~0.8 MB of Node's binary; getUTC* do not. A run that only needs UTC text
// (the Date header, created_at) keeps that out of its memory. test/unit/dates.test.ts checks both
// functions against the built-ins.

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

function clock(date: Date): string {
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

function checked(date: Date): Date {
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid time value");
  return date;
}

/** RFC 7231 IMF-fixdate, as Date#toUTCString gives it: `Fri, 27 Nov 2026 08:00:00 GMT`. */
export function httpDate(date: Date): string {
  const year = checked(date).getUTCFullYear();
  const yearText = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  return `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${yearText} ${clock(date)} GMT`;
}

/** ISO 8601 in UTC with milliseconds, as Date#toISOString gives it (six-digit signed years outside 0–9999). */
export function isoUtc(date: Date): string {
  const year = checked(date).getUTCFullYear();
  const yearText =
    year >= 0 && year <= 9999 ? pad(year, 4) : `${year < 0 ? "-" : "+"}${pad(Math.abs(year), 6)}`;
  return `${yearText}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${clock(date)}.${pad(date.getUTCMilliseconds(), 3)}Z`;
}
