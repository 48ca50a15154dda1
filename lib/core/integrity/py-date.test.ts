import { describe, expect, test } from "vitest";
import type { JsonValue } from "@/lib/core/integrity/py-compat";
import {
  addMs,
  comparePyDates,
  formatDisplayDate,
  formatKeyDate,
  formatYmdPath,
  HOUR_MS,
  normalizeDate,
  parsePyDate,
  utcPyDate,
} from "@/lib/core/integrity/py-date";

const utc = (iso: string) => Date.parse(iso);

describe("parsePyDate (dateutil as awscli calls it)", () => {
  test.each<{ label: string; text: string; wall: string; offsetMinutes: number | null }>([
    { label: "a digest key date", text: "20150817T150131Z", wall: "2015-08-17T15:01:31Z", offsetMinutes: 0 },
    { label: "a digest JSON date", text: "2015-08-17T14:01:31Z", wall: "2015-08-17T14:01:31Z", offsetMinutes: 0 },
    { label: "an offset", text: "2015-08-17T14:01:31+02:00", wall: "2015-08-17T14:01:31Z", offsetMinutes: 120 },
    { label: "a negative compact offset", text: "2015-08-17T14:01:31-0130", wall: "2015-08-17T14:01:31Z", offsetMinutes: -90 },
    { label: "a naive time", text: "2015-08-17T14:01:31", wall: "2015-08-17T14:01:31Z", offsetMinutes: null },
    { label: "fractional seconds", text: "2015-08-17T14:01:31.250Z", wall: "2015-08-17T14:01:31.250Z", offsetMinutes: 0 },
    { label: "a space separator", text: "2015-08-17 14:01:31Z", wall: "2015-08-17T14:01:31Z", offsetMinutes: 0 },
    { label: "a date alone", text: "2015-08-17", wall: "2015-08-17T00:00:00Z", offsetMinutes: null },
    { label: "a compact time without seconds", text: "20150817T1501", wall: "2015-08-17T15:01:00Z", offsetMinutes: null },
    { label: "a leap day", text: "2024-02-29T00:00:00Z", wall: "2024-02-29T00:00:00Z", offsetMinutes: 0 },
  ])("$label", ({ text, wall, offsetMinutes }) => {
    const parsed = parsePyDate(text);
    expect(parsed.wallMs).toBe(utc(wall));
    expect(parsed.offsetMs).toBe(offsetMinutes === null ? null : offsetMinutes * 60_000);
  });

  test.each<{ label: string; value: JsonValue; message: string }>([
    { label: "an empty key slice", value: "", message: "Unable to parse date value: " },
    { label: "words", value: "yesterday", message: "Unable to parse date value: yesterday" },
    { label: "an impossible month", value: "20151317T150131Z", message: "Unable to parse date value: 20151317T150131Z" },
    { label: "an impossible day", value: "2023-02-29T00:00:00Z", message: "Unable to parse date value: 2023-02-29T00:00:00Z" },
    { label: "an int", value: 12345, message: "Parser must be a string or character stream, not int" },
    { label: "null", value: null, message: "Parser must be a string or character stream, not NoneType" },
    { label: "a list", value: ["2015"], message: "Parser must be a string or character stream, not list" },
  ])("rejects $label with awscli's message", ({ value, message }) => {
    expect(() => parsePyDate(value)).toThrow(message);
  });
});

describe("comparePyDates", () => {
  test.each([
    { label: "same instant, different offsets", a: "2015-08-17T16:00:00+02:00", b: "2015-08-17T14:00:00Z", expected: 0 },
    { label: "earlier", a: "2015-08-17T13:00:00Z", b: "2015-08-17T14:00:00Z", expected: -1 },
    { label: "two naive dates", a: "2015-08-17T15:00:00", b: "2015-08-17T14:00:00", expected: 1 },
  ])("$label", ({ a, b, expected }) => {
    expect(comparePyDates(parsePyDate(a), parsePyDate(b))).toBe(expected);
  });

  test("a naive date against an aware one raises Python's TypeError", () => {
    expect(() => comparePyDates(parsePyDate("2015-08-17T14:00:00"), parsePyDate("2015-08-17T14:00:00Z"))).toThrow(
      "can't compare offset-naive and offset-aware datetimes",
    );
  });
});

describe("formatting keeps the wall clock", () => {
  test.each([
    { label: "a UTC date", date: parsePyDate("2015-08-07T05:01:31Z"), display: "2015-08-07T05:01:31Z", key: "20150807T050131Z", ymd: "2015/08/07" },
    // strftime prints the wall clock and a literal Z, whatever the offset.
    { label: "an offset date", date: parsePyDate("2015-08-17T16:00:00+02:00"), display: "2015-08-17T16:00:00Z", key: "20150817T160000Z", ymd: "2015/08/17" },
    { label: "fractions are dropped", date: parsePyDate("2015-08-17T16:00:00.999Z"), display: "2015-08-17T16:00:00Z", key: "20150817T160000Z", ymd: "2015/08/17" },
  ])("$label", ({ date, display, key, ymd }) => {
    expect(formatDisplayDate(date)).toBe(display);
    expect(formatKeyDate(date)).toBe(key);
    expect(formatYmdPath(date)).toBe(ymd);
  });
});

test("normalize_date replaces the zone instead of converting", () => {
  const normalized = normalizeDate(parsePyDate("2015-08-17T16:00:00+02:00"));
  expect(normalized).toEqual({ wallMs: utc("2015-08-17T16:00:00Z"), offsetMs: 0 });
});

test("adding an hour moves the wall clock and keeps the zone", () => {
  expect(addMs(utcPyDate(new Date("2015-08-17T23:30:00Z")), HOUR_MS)).toEqual(utcPyDate(new Date("2015-08-18T00:30:00Z")));
});
