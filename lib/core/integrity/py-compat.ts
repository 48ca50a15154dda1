// awscli is Python: several of its messages embed str() of JSON values or of exceptions, it slices keys by code
// point and it compares strings by code point. These helpers reproduce exactly the parts its output depends on.

/** A parsed JSON value, as json.loads gives it (objects are plain records). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * An exception awscli would raise and catch with `except Exception`, printing `str(e)`. `message` is that str().
 * The Python type matters only for our own reasoning and tests.
 */
export class PyException extends Error {
  constructor(
    readonly pyType: "ValueError" | "TypeError" | "KeyError" | "OverflowError" | "RuntimeError" | "binascii.Error",
    message: string,
  ) {
    super(message);
    this.name = "PyException";
  }
}

/** Python raises KeyError('logFiles') and str() of it is the quoted key. */
export function keyError(key: string): PyException {
  return new PyException("KeyError", pyRepr(key));
}

export function isJsonObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Python's `key in dict` for a parsed JSON object (own keys only, so "__proto__" or "toString" are not special). */
export function hasKey(object: { [key: string]: JsonValue }, key: string): boolean {
  return Object.hasOwn(object, key);
}

/** The Python type name of a JSON value (json.loads never yields tuples or sets). */
export function pyTypeName(value: JsonValue): string {
  if (value === null) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "string") return "str";
  return Array.isArray(value) ? "list" : "dict";
}

/** Python truthiness of a JSON value (`if not digest['logFiles']`). */
export function pyTruthy(value: JsonValue): boolean {
  if (value === null || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** str(value) in Python. JSON.parse loses the int/float distinction of `1.0`; such a value prints as `1`. */
export function pyStr(value: JsonValue): string {
  return typeof value === "string" ? value : pyRepr(value);
}

/** repr(value) in Python, for the values json.loads produces. */
export function pyRepr(value: JsonValue): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return pyNumberRepr(value);
  if (typeof value === "string") return pyStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([key, item]) => `${pyStringRepr(key)}: ${pyRepr(item)}`)
    .join(", ")}}`;
}

function pyNumberRepr(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  // Python's float repr: shortest round-trip digits, positional for exponents in [-4, 16), else d.ddde+XX.
  const [mantissa = "0", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) {
    const text = String(value);
    return text.includes(".") || text.includes("e") ? text : `${text}.0`;
  }
  const sign = exponent < 0 ? "-" : "+";
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

function pyStringRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === quote || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return out + quote;
}

/** Python's s[start:end] (code points, negative indices from the end, clamped). */
export function pySlice(value: string, start: number, end: number): string {
  const points = Array.from(value);
  const clamp = (index: number) => Math.min(points.length, Math.max(0, index < 0 ? points.length + index : index));
  return points.slice(clamp(start), clamp(end)).join("");
}

/** Python compares str by code point; JavaScript's `<` compares UTF-16 units, which differs above U+FFFF. */
export function comparePyStrings(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const difference = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
}
