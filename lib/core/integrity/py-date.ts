import { type JsonValue, PyException, pyTypeName } from "@/lib/core/integrity/py-compat";

// awscli parses every date with dateutil and then either "normalizes" it, which REPLACES the time zone by UTC
// (the wall clock is kept, the offset dropped), or compares it as parsed, where a naive date against an aware one
// raises TypeError. To reproduce its verdicts and its printed dates we keep both: the wall clock and the offset.

/** A Python datetime: wall clock read as if it were UTC, and the UTC offset (null for a naive datetime). */
export interface PyDateTime {
  readonly wallMs: number;
  readonly offsetMs: number | null;
}

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

// dateutil accepts far more than this; these are the forms that occur in digest keys, digest JSON and CLI input.
// Anything else is reported as unparsable, which is what dateutil does for the garbage a tampered key could hold.
const COMPACT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(Z)?$/;
const EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/** dateutil.parser.parse wrapped as awscli's parse_date does (ValueError becomes "Unable to parse date value: "). */
export function parsePyDate(value: JsonValue): PyDateTime {
  if (typeof value !== "string") {
    throw new PyException("TypeError", `Parser must be a string or character stream, not ${pyTypeName(value)}`);
  }
  const parsed = parseCompact(value) ?? parseExtended(value);
  if (!parsed) throw new PyException("ValueError", `Unable to parse date value: ${value}`);
  return parsed;
}

function parseCompact(text: string): PyDateTime | null {
  const match = COMPACT.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, zone] = match;
  return build(text, [y, mo, d, h, mi, s], undefined, zone);
}

function parseExtended(text: string): PyDateTime | null {
  const match = EXTENDED.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  return build(text, [y, mo, d, h, mi, s], fraction, zone);
}

function build(
  text: string,
  parts: (string | undefined)[],
  fraction: string | undefined,
  zone: string | undefined,
): PyDateTime {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts.map((part) => Number(part ?? "0"));
  const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 &&
    minute <= 59 && second <= 59;
  if (!valid) throw new PyException("ValueError", `Unable to parse date value: ${text}`);
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day); // not Date.UTC, which maps years 0-99 to 1900-1999
  wall.setUTCHours(hour, minute, second, 0);
  // Python keeps microseconds; fractional milliseconds keep the same ordering.
  const micros = fraction ? Number(fraction.slice(0, 6).padEnd(6, "0")) : 0;
  return { wallMs: wall.getTime() + micros / 1000, offsetMs: zoneOffset(zone) };
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function zoneOffset(zone: string | undefined): number | null {
  if (zone === undefined) return null;
  if (zone === "Z" || zone === "UTC") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0")) * MINUTE_MS;
}

/** A UTC instant as the aware datetime Python would hold. */
export function utcPyDate(date: Date | number): PyDateTime {
  return { wallMs: typeof date === "number" ? date : date.getTime(), offsetMs: 0 };
}

/** awscli's normalize_date: `date.replace(tzinfo=tzutc())`. */
export function normalizeDate(date: PyDateTime): PyDateTime {
  return { wallMs: date.wallMs, offsetMs: 0 };
}

/** The instant, for an aware datetime; a naive one is read as UTC. */
export function instantMs(date: PyDateTime): number {
  return date.wallMs - (date.offsetMs ?? 0);
}

/** Python's ordering of datetimes: aware ones by instant, naive ones by wall clock, a mix raises TypeError. */
export function comparePyDates(a: PyDateTime, b: PyDateTime): -1 | 0 | 1 {
  if ((a.offsetMs === null) !== (b.offsetMs === null)) {
    throw new PyException("TypeError", "can't compare offset-naive and offset-aware datetimes");
  }
  const difference = instantMs(a) - instantMs(b);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

/** datetime + timedelta keeps the offset and moves the wall clock. */
export function addMs(date: PyDateTime, ms: number): PyDateTime {
  return { wallMs: date.wallMs + ms, offsetMs: date.offsetMs };
}

/** strftime of the wall clock (glibc prints %Y without padding). */
function strftime(date: PyDateTime, pattern: (f: Record<"Y" | "m" | "d" | "H" | "M" | "S", string>) => string): string {
  const wall = new Date(Math.floor(date.wallMs / 1000) * 1000);
  const two = (value: number) => String(value).padStart(2, "0");
  return pattern({
    Y: String(wall.getUTCFullYear()),
    m: two(wall.getUTCMonth() + 1),
    d: two(wall.getUTCDate()),
    H: two(wall.getUTCHours()),
    M: two(wall.getUTCMinutes()),
    S: two(wall.getUTCSeconds()),
  });
}

/** `%Y-%m-%dT%H:%M:%SZ`, awscli's DISPLAY_DATE_FORMAT. The Z is literal, whatever the offset. */
export function formatDisplayDate(date: PyDateTime): string {
  return strftime(date, (f) => `${f.Y}-${f.m}-${f.d}T${f.H}:${f.M}:${f.S}Z`);
}

/** `%Y%m%dT%H%M%SZ`, the timestamp in digest key names (awscli's DATE_FORMAT). */
export function formatKeyDate(date: PyDateTime): string {
  return strftime(date, (f) => `${f.Y}${f.m}${f.d}T${f.H}${f.M}${f.S}Z`);
}

/** `%Y/%m/%d`, the date folders of digest and log keys. */
export function formatYmdPath(date: PyDateTime): string {
  return strftime(date, (f) => `${f.Y}/${f.m}/${f.d}`);
}
