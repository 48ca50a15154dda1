import { describe, expect, test } from "vitest";
import { SeededRandom } from "@/lib/sandbox/seeded-random";

describe("SeededRandom", () => {
  test.each([
    { label: "a number seed", seed: 42 },
    { label: "a string seed", seed: "acme/us-east-1" },
  ])("$label repeats the same sequence", ({ seed }) => {
    const draw = () => {
      const random = new SeededRandom(seed);
      return [random.next(), random.int(1, 6), random.alnum(16), random.uuid(), random.hex(8)];
    };
    expect(draw()).toEqual(draw());
  });

  test("different seeds diverge", () => {
    expect(new SeededRandom("a").next()).not.toBe(new SeededRandom("b").next());
  });

  test.each([
    { label: "int stays within both bounds", check: (r: SeededRandom) => { const v = r.int(3, 5); return v >= 3 && v <= 5 && Number.isInteger(v); } },
    { label: "next is in [0, 1)", check: (r: SeededRandom) => { const v = r.next(); return v >= 0 && v < 1; } },
    { label: "alnum has the length and alphabet", check: (r: SeededRandom) => /^[A-Za-z0-9]{16}$/.test(r.alnum(16)) },
    { label: "uuid has the v4 shape", check: (r: SeededRandom) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(r.uuid()) },
    { label: "bytes has the length", check: (r: SeededRandom) => r.bytes(7).length === 7 },
  ])("$label", ({ check }) => {
    const random = new SeededRandom("bounds");
    for (let index = 0; index < 500; index += 1) expect(check(random)).toBe(true);
  });

  test("fork gives an independent stream, stable for the same label", () => {
    const a = new SeededRandom(1).fork("keys");
    const b = new SeededRandom(1).fork("keys");
    const c = new SeededRandom(1).fork("logs");
    expect(a.alnum(8)).toBe(b.alnum(8));
    expect(new SeededRandom(1).fork("keys").alnum(8)).not.toBe(c.alnum(8));
  });

  test("pick refuses an empty list", () => {
    expect(() => new SeededRandom(1).pick([])).toThrow("pick from an empty list");
  });
});
