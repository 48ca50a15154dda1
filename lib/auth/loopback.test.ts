import { expect, test } from "vitest";
import { isLoopbackHost, isLoopbackOrigin } from "@/lib/auth/loopback";

test.each([
  ["http://127.0.0.1:3000", true],
  ["http://localhost:3000", true],
  ["http://[::1]:3000", true],
  ["http://127.8.9.10", true],
  ["http://evil.example:3000", false], // a rebound name still says its own name in Host and Origin
  ["http://127.0.0.1.evil.example", false],
  ["http://0.0.0.0:3000", false],
  ["null", false],
  ["http://", false],
])("origin %s is loopback: %s", (origin, expected) => {
  expect(isLoopbackOrigin(origin)).toBe(expected);
});

test("listen addresses", () => {
  expect(["127.0.0.1", "localhost", "::1"].every(isLoopbackHost)).toBe(true);
  expect(["0.0.0.0", "10.0.0.5", "::"].some(isLoopbackHost)).toBe(false);
});
