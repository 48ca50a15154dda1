import { describe, expect, test } from "vitest";
import {
  comparePyStrings,
  hasKey,
  type JsonValue,
  keyError,
  pyRepr,
  pySlice,
  pyStr,
  pyTruthy,
  pyTypeName,
} from "@/lib/core/integrity/py-compat";

// Expected values were printed by Python 3.11.

describe("pyRepr and pyStr", () => {
  test.each<{ label: string; value: JsonValue; repr: string; str: string }>([
    { label: "None", value: null, repr: "None", str: "None" },
    { label: "booleans", value: true, repr: "True", str: "True" },
    { label: "an int", value: 42, repr: "42", str: "42" },
    { label: "a float", value: 123.456, repr: "123.456", str: "123.456" },
    { label: "a large float", value: 1e16, repr: "1e+16", str: "1e+16" },
    { label: "a small float", value: 1e-5, repr: "1e-05", str: "1e-05" },
    { label: "a float at the positional limit", value: 0.0001, repr: "0.0001", str: "0.0001" },
    { label: "a string with an apostrophe", value: "it's", repr: `"it's"`, str: "it's" },
    { label: "a string with quotes", value: 'say "hi"', repr: `'say "hi"'`, str: 'say "hi"' },
    { label: "a string with both quotes", value: `both ' and "`, repr: `'both \\' and "'`, str: `both ' and "` },
    { label: "control characters", value: "a\nb\t\u0001", repr: "'a\\nb\\t\\x01'", str: "a\nb\t\u0001" },
    {
      label: "nested containers",
      value: [1, "a", null, true, { k: 1.5 }],
      repr: "[1, 'a', None, True, {'k': 1.5}]",
      str: "[1, 'a', None, True, {'k': 1.5}]",
    },
  ])("$label", ({ value, repr, str }) => {
    expect(pyRepr(value)).toBe(repr);
    expect(pyStr(value)).toBe(str);
  });
});

describe("pySlice by code point, as key[-24:-8]", () => {
  test.each([
    { label: "an ASCII string", value: "abcdefghijklmnopqrstuvwxyz", start: -24, end: -8, expected: "cdefghijklmnopqr" },
    { label: "an astral character counts once", value: "ab😀cdefghijklmnopqrstuvwxyz0123456789", start: -24, end: -8, expected: "mnopqrstuvwxyz01" },
    { label: "the backfill offsets", value: "ab😀cdefghijklmnopqrstuvwxyz0123456789", start: -33, end: -17, expected: "defghijklmnopqrs" },
    { label: "a string shorter than the slice", value: "abc", start: -24, end: -8, expected: "" },
  ])("$label", ({ value, start, end, expected }) => {
    expect(pySlice(value, start, end)).toBe(expected);
  });
});

describe("comparePyStrings", () => {
  test.each([
    { label: "equal", a: "20250301T100131Z", b: "20250301T100131Z", expected: 0 },
    { label: "ordinary order", a: "20250301T100131Z", b: "20250301T110131Z", expected: -1 },
    { label: "a prefix sorts first", a: "2025", b: "20250", expected: -1 },
    // U+FFFD is above the UTF-16 surrogates JavaScript would compare for 😀, but below the code point U+1F600.
    { label: "by code point above U+FFFF", a: "\ufffd", b: "😀", expected: -1 },
  ])("$label", ({ a, b, expected }) => {
    expect(comparePyStrings(a, b)).toBe(expected);
    expect(comparePyStrings(b, a)).toBe(-expected || 0);
  });
});

describe("Python truthiness and types of JSON values", () => {
  test.each<{ value: JsonValue; truthy: boolean; type: string }>([
    { value: null, truthy: false, type: "NoneType" },
    { value: false, truthy: false, type: "bool" },
    { value: 0, truthy: false, type: "int" },
    { value: 1.5, truthy: true, type: "float" },
    { value: "", truthy: false, type: "str" },
    { value: "x", truthy: true, type: "str" },
    { value: [], truthy: false, type: "list" },
    { value: [0], truthy: true, type: "list" },
    { value: {}, truthy: false, type: "dict" },
    { value: { a: 1 }, truthy: true, type: "dict" },
  ])("$value is truthy: $truthy, type $type", ({ value, truthy, type }) => {
    expect(pyTruthy(value)).toBe(truthy);
    expect(pyTypeName(value)).toBe(type);
  });
});

test("hasKey sees own keys only, so inherited names are not present", () => {
  const parsed = JSON.parse('{"__proto__": 1, "a": null}') as { [key: string]: JsonValue };
  expect(hasKey(parsed, "a")).toBe(true);
  expect(hasKey(parsed, "__proto__")).toBe(true);
  expect(hasKey(parsed, "toString")).toBe(false);
});

test("str(KeyError('logFiles')) is the quoted key", () => {
  expect(keyError("logFiles").message).toBe("'logFiles'");
});
